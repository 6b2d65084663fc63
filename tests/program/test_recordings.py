"""An edition's recordings library, current and archived: the published activities with a
recording, searchable by word (with the program's stemming), with the "textad" facet for checked
captions, paginated, and the captions' link."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_activity, make_edition
from veckan.activities import search
from veckan.activities.models import Activity, CaptionStatus, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(db):
    """The current edition, its week over and its program out."""
    return make_edition(timezone.localdate().year)


def recorded(edition, organisation, title, **fields):
    activity = make_activity(
        edition,
        organisation,
        status=fields.pop("status", Status.APPROVED),
        title=title,
        recording_url=f"https://play.example.se/{Activity.objects.count()}",
        **fields,
    )
    search.index_activities([activity])
    return activity


@pytest.fixture
def library(edition, organisation):
    """Three recordings, one of them with checked captions, one with automatic ones; an activity
    without a recording; and recordings no visitor may see."""
    for status in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.WITHDRAWN):
        recorded(edition, organisation, f"Hemlig {status}", status=status)
    future = make_edition(edition.year + 2, current=False)  # its program is not out
    recorded(future, organisation, "Hemlig framtid")
    recorded(edition, organisation, "Öppna data i kommunen", caption_status=CaptionStatus.CHECKED)
    recorded(edition, organisation, "Innovation i vården", caption_status=CaptionStatus.AUTOMATIC)
    recorded(edition, organisation, "Digitala tjänster för alla")
    make_activity(edition, organisation, status=Status.APPROVED, title="Utan inspelning")


def titles(response) -> list[str]:
    return re.findall(
        r'<h3 class="ds-heading" data-size="xs"><a class="ds-link" href="/aktivitet/[^"]+/">'
        r"(.*?)</a></h3>",
        response.content.decode(),
    )


def test_library_lists_exactly_the_published_recordings(client, library):
    response = client.get("/program/inspelningar/")
    assert response.status_code == 200
    # The fixture's activities are on the same Tuesday morning: in title order.
    assert titles(response) == [
        "Digitala tjänster för alla",
        "Innovation i vården",
        "Öppna data i kommunen",
    ]
    page = response.content.decode()
    assert "3 inspelningar" in page
    assert "Hemlig" not in page
    assert "Bara textade (1)" in page


def test_library_textad_facet_shows_only_checked_captions(client, library):
    response = client.get("/program/inspelningar/?textad=ja")
    assert titles(response) == ["Öppna data i kommunen"]
    assert "Kontrollerad textning" in response.content.decode()


def test_library_search_finds_by_word_with_stemming(client, library):
    assert titles(client.get("/program/inspelningar/?q=innovationen")) == ["Innovation i vården"]
    assert titles(client.get("/program/inspelningar/?q=hemlig")) == []
    assert titles(client.get("/program/inspelningar/?q=data&textad=ja")) == [
        "Öppna data i kommunen"
    ]
    assert titles(client.get("/program/inspelningar/?q=vården&textad=ja")) == []
    response = client.get("/program/inspelningar/?q=vården&textad=ja")
    assert "Inga inspelningar matchar din sökning." in response.content.decode()


def test_library_links_to_the_recording_and_its_captions(client, edition, organisation):
    stored = recorded(edition, organisation, "Med fil", caption_status=CaptionStatus.CHECKED)
    Activity.objects.filter(pk=stored.pk).update(captions_file="captions/2026/med-fil.vtt")
    linked = recorded(
        edition,
        organisation,
        "Med länk",
        caption_status=CaptionStatus.AUTOMATIC,
        captions_url="https://example.se/lank.vtt",
    )
    page = client.get("/program/inspelningar/").content.decode()
    assert f'href="{stored.recording_url}">Se inspelningen' in page
    assert f'href="/aktivitet/{stored.slug}/textning.vtt" download>Textningen (WebVTT)' in page
    assert f'href="{linked.captions_url}">Textningen (WebVTT)' in page


def test_archive_library_shows_the_earlier_editions_recordings(client, edition, organisation):
    earlier = make_edition(edition.year - 1, current=False)
    recorded(earlier, organisation, "Förra året")
    recorded(edition, organisation, "I år")
    assert titles(client.get(f"/arkiv/{earlier.year}/inspelningar/")) == ["Förra året"]
    assert titles(client.get("/program/inspelningar/")) == ["I år"]
    assert client.get(f"/arkiv/{edition.year}/inspelningar/").status_code == 404


def test_library_is_paginated(client, edition, organisation):
    for number in range(22):
        recorded(edition, organisation, f"Inspelning {number:02}")
    first = client.get("/program/inspelningar/?textad=")
    assert len(titles(first)) == 20
    assert "Sida 1 av 2" in first.content.decode()
    second = client.get("/program/inspelningar/?sida=2")
    assert titles(second) == ["Inspelning 20", "Inspelning 21"]


def test_library_makes_as_many_queries_for_1_and_3_recordings(client, edition, organisation):
    counts = []
    for n in (1, 3):
        Activity.objects.all().delete()
        for number in range(n):
            recorded(edition, organisation, f"Inspelning {number}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/program/inspelningar/")
        assert len(titles(response)) == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_library_before_the_program_is_out_says_when_it_comes(client, organisation):
    edition = make_edition(timezone.localdate().year + 1)  # its program is not out
    recorded(edition, organisation, "Hemlig")
    response = client.get("/program/inspelningar/")
    assert "Hemlig" not in response.content.decode()
    assert response.templates[0].name == "program/not_published.html"
