"""On /en/ an activity's English title, summary and description are used wherever it appears,
falling back to the Swedish marked lang="sv"; the edition's theme and focus areas likewise."""

import json
import re

import icalendar
import pytest

from tests.factories import make_activity, make_published_edition
from veckan.activities import search
from veckan.activities.models import Activity
from veckan.editions.models import FocusArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_published_edition(
        theme="Tillsammans för välfärden",
        theme_en="Together for welfare",
        theme_description="Om temat på svenska.",
        theme_description_en="About the theme in English.",
    )


@pytest.fixture
def translated(edition, organisation):
    activity = make_activity(
        edition,
        organisation,
        status="approved",
        title="Innovationsfika i Linköping",
        summary="Vi dricker kaffe och pratar innovation.",
        description="Mer **text** på svenska.",
        title_en="Innovation coffee in Linköping",
        summary_en="We drink coffee and talk innovation.",
        description_en="More **text** in English.",
        is_featured=True,
    )
    area = FocusArea.objects.create(edition=edition, name="Hållbarhet", name_en="Sustainability")
    activity.focus_areas.set([area])
    return activity


@pytest.fixture
def swedish_only(edition, organisation):
    return make_activity(
        edition, organisation, status="approved", title="Bara på svenska", summary="Svensk text."
    )


def _html(client, url: str) -> str:
    return client.get(url).content.decode()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_activity_page_in_english_uses_the_english_text(client, translated):
    page = _html(client, f"/en/aktivitet/{translated.slug}/")
    assert (
        '<h1 class="ds-heading" data-size="xl" id="activity-title">Innovation coffee in Linköping</h1>'
        in page
    )
    assert "We drink coffee and talk innovation." in page
    assert "More <strong>text</strong> in English." in page
    assert "Vi dricker kaffe" not in page
    assert "<title>Innovation coffee in Linköping" in page
    assert "Sustainability" in page
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(script)
    assert (data["name"], data["description"], data["inLanguage"]) == (
        "Innovation coffee in Linköping",
        "We drink coffee and talk innovation.",
        ["en"],
    )
    swedish = _html(client, f"/aktivitet/{translated.slug}/")
    assert 'id="activity-title">Innovationsfika i Linköping</h1>' in swedish
    assert "Hållbarhet" in swedish


def test_missing_english_falls_back_to_swedish_marked_lang_sv(client, swedish_only):
    page = _html(client, f"/en/aktivitet/{swedish_only.slug}/")
    assert 'id="activity-title"><span lang="sv">Bara på svenska</span></h1>' in page
    assert '<span lang="sv">Svensk text.</span>' in page
    assert '<html lang="en"' in page
    # In Swedish nothing needs marking.
    assert 'lang="sv">Bara' not in _html(client, f"/aktivitet/{swedish_only.slug}/")


def test_cards_days_organisation_home_and_my_program_in_english(
    client, translated, swedish_only, organisation
):
    search.index_activities(Activity.objects.with_related())
    client.post(f"/en/mitt-program/stjarna/{translated.pk}/", {"action": "add"})
    for url in (
        "/en/program/",
        "/en/program/dagar/",
        f"/en/organisation/{organisation.slug}/",
        "/en/",
        "/en/mitt-program/",
    ):
        page = _html(client, url)
        assert "Innovation coffee in Linköping" in page, url
        assert "Innovationsfika i Linköping" not in page, url
    listing = _html(client, "/en/program/")
    assert "We drink coffee and talk innovation." in listing
    assert '<span lang="sv">Bara på svenska</span>' in listing
    assert "Together for welfare" in listing
    home = _html(client, "/en/")
    assert "Together for welfare" in home
    assert "About the theme in English." in home


def test_search_on_english_pages_matches_the_english_text(client, translated, swedish_only):
    search.index_activities(Activity.objects.with_related())
    page = _html(client, "/en/program/?q=coffee")
    assert "Innovation coffee in Linköping" in page
    assert "Bara på svenska" not in page


def test_calendars_and_atom_under_en_are_english(client, translated):
    event = icalendar.Calendar.from_ical(
        _body(client.get(f"/en/aktivitet/{translated.slug}.ics"))
    ).events[0]
    assert str(event["summary"]) == "Innovation coffee in Linköping"
    assert "We drink coffee" in str(event["description"])
    assert f"/en/aktivitet/{translated.slug}/" in str(event["url"])
    swedish = icalendar.Calendar.from_ical(
        _body(client.get(f"/aktivitet/{translated.slug}.ics"))
    ).events[0]
    assert str(swedish["summary"]) == "Innovationsfika i Linköping"
    program = _body(client.get("/en/program.ics")).decode()
    assert "SUMMARY:Innovation coffee in Linköping" in program
    atom = _body(client.get("/en/program/feed.atom")).decode()
    assert "<title>Innovation coffee in Linköping</title>" in atom
    assert 'xml:lang="en"' in atom
    assert (
        "<title>Innovationsfika i Linköping</title>"
        in _body(client.get("/program/feed.atom")).decode()
    )
