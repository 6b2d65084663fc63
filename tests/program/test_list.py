"""The public program: search, facets with counts, paging, sharing by URL, and nothing unpublished."""

import re
from datetime import timedelta

import pytest
from django.utils import formats, timezone

from tests.factories import (
    make_activity,
    make_edition,
)
from veckan.activities import search
from veckan.activities.models import Activity, Status

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [activity.title for activity in response.context["page"]]


def facet(response, name):
    return {
        o.value: o.count
        for o in next(f for f in response.context["facets"] if f.name == name).options
    }


def test_program_lists_only_published_activities_in_time_order(client, program):
    response = client.get("/program/")
    assert titles(response) == [
        "Digitala möten i vården",
        "Innovationer i skolan",
        "Webbsändning om AI",
        "Öppna data för alla",
    ]
    html = response.content.decode()
    assert "Hemlig" not in html
    assert "4 aktiviteter" in html


def test_program_facet_counts_add_up_to_the_result_count(client, program):
    for query in ["", "typ=seminarium", "lan=03", "q=digitala"]:
        response = client.get(f"/program/?{query}")
        total = response.context["page"].paginator.count
        chosen = query.partition("=")[0]
        for name in ["dag", "tid", "typ", "form", "arrangor"]:
            if name != chosen:
                assert sum(facet(response, name).values()) == total, (query, name)
        # Digital activities have no county; the rest do.
        if chosen != "lan":
            assert sum(facet(response, "lan").values()) == total - (query == ""), query


def test_program_facet_counts_leave_out_their_own_selection(client, program, edition):
    monday, tuesday = (day.isoformat() for day in edition.days[:2])
    response = client.get(f"/program/?dag={monday}")
    assert len(titles(response)) == 2
    # Ticking Tuesday adds its two: the count says so, not "(0)".
    assert facet(response, "dag")[tuesday] == 2
    assert facet(response, "dag")[monday] == 2
    # Across facets they AND: the type counts are among Monday's activities.
    assert facet(response, "typ") | {} == {
        **dict.fromkeys(facet(response, "typ"), 0),
        "workshop": 1,
        "seminarium": 1,
    }
    both = client.get(f"/program/?dag={monday}&dag={tuesday}")
    assert len(titles(both)) == 4
    # Within the type facet, one ticked type still counts the others as they would add.
    typed = client.get("/program/?typ=seminarium")
    assert facet(typed, "typ")["workshop"] == 1
    assert facet(typed, "typ")["webbsandning"] == 1
    assert facet(typed, "form") == {"physical": 2, "digital": 0, "hybrid": 0}


def test_program_facets_count_what_they_should(client, program, edition):
    response = client.get("/program/")
    assert facet(response, "typ")["seminarium"] == 2
    assert facet(response, "form") == {"physical": 3, "digital": 1, "hybrid": 0}
    assert facet(response, "dag")[edition.days[0].isoformat()] == 2
    assert facet(response, "tid") == {"morgon": 2, "eftermiddag": 1, "kvall": 1}
    assert facet(response, "sprak")["sv"] == 2
    assert facet(response, "sprak")["en"] == 1
    assert facet(response, "arrangor")["statlig_myndighet"] == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("typ=seminarium", ["Innovationer i skolan", "Öppna data för alla"]),
        (
            "typ=seminarium&typ=workshop",
            ["Digitala möten i vården", "Innovationer i skolan", "Öppna data för alla"],
        ),
        ("typ=seminarium&lan=03", ["Innovationer i skolan"]),
        ("form=digital", ["Webbsändning om AI"]),
        ("tid=kvall", ["Öppna data för alla"]),
        ("sprak=en", ["Digitala möten i vården"]),
        ("arrangor=statlig_myndighet", ["Webbsändning om AI", "Öppna data för alla"]),
        ("kommun=0380", ["Innovationer i skolan"]),
        ("q=innovation", ["Innovationer i skolan"]),
        ("q=digital&typ=workshop", ["Digitala möten i vården"]),
    ],
)
def test_program_filters_combine(client, program, query, expected):
    assert titles(client.get(f"/program/?{query}")) == expected


def test_program_with_no_results_offers_to_remove_filters_one_by_one(client, program):
    response = client.get("/program/?q=rymden&typ=seminarium")
    html = response.content.decode()
    assert titles(response) == []
    assert "Inga aktiviteter matchar din sökning." in html
    assert response.context["removals"] == [
        ("Sökord: rymden", "typ=seminarium"),
        ("Typ av aktivitet: Seminarium", "q=rymden"),
    ]


def test_program_list_shows_active_filters_as_removable_chips(client, program, edition):
    monday = edition.days[0].isoformat()
    response = client.get(f"/program/?typ=seminarium&dag={monday}")
    html = response.content.decode()
    assert titles(response) == ["Innovationer i skolan"]
    chips = re.findall(
        r'<a class="ds-chip" data-removable[^>]* href="\?([^"]*)"[^>]*>([^<]*)</a>', html
    )
    assert chips == [
        ("typ=seminarium", f"Dag: {formats.date_format(edition.days[0], 'l j F')}"),
        (f"dag={monday}", "Typ av aktivitet: Seminarium"),
    ]
    assert '<a class="ds-link" href="/program/">Rensa alla</a>' in html
    # The phone's filter button says how many filters are on.
    assert '<span class="program__filter-count" id="filter-count">(2)</span>' in html
    # No filter, no chips and no "Rensa alla".
    html = client.get("/program/").content.decode()
    assert "ds-chip" not in html
    assert "Rensa alla" not in html
    assert '<span class="program__filter-count" id="filter-count">(0)</span>' in html


def test_program_htmx_gets_results_and_counts_only(client, program):
    response = client.get("/program/?typ=seminarium", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="program-results"')
    assert "<form" not in html
    assert 'id="count-typ-seminarium" hx-swap-oob="true">(2)</span>' in html
    assert 'id="filter-count" hx-swap-oob="true">(1)</span>' in html
    assert "HX-Request" in response["Vary"]


def test_program_without_htmx_is_the_whole_page_and_says_it_varies(client, program):
    # The same URL answers a fragment to htmx and the page to everyone else: Vary tells caches
    # (and the browser's Back) apart.
    response = client.get("/program/?typ=seminarium")
    html = response.content.decode()
    assert "HX-Request" in response["Vary"]
    assert "<header" in html
    assert 'id="program-q"' in html
    assert 'value="seminarium" checked' in html
    # htmx restoring history asks for the whole page, with the search in the box.
    restored = client.get(
        "/program/?q=skolan", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    html = restored.content.decode()
    assert "<header" in html
    assert 'name="q" value="skolan"' in html
    assert titles(restored) == ["Innovationer i skolan"]


def test_program_pages_keep_the_filters(client, edition, organisation):
    for n in range(30):
        make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title=f"Aktivitet {n:02d}",
            type="workshop",
        )
    response = client.get("/program/?typ=workshop&sida=2")
    assert len(titles(response)) == 5
    assert 'href="?typ=workshop&amp;sida=1"' in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_program_query_count_is_fixed(
    client, edition, organisation, django_assert_num_queries, count
):
    for n in range(count):
        make_activity(edition, organisation, status=Status.APPROVED, title=f"Aktivitet {n}")
    search.index_activities(Activity.objects.with_related())
    with django_assert_num_queries(13):
        response = client.get("/program/?typ=seminarium&lan=05&q=aktivitet")
    assert len(titles(response)) == count


def test_program_before_publication_says_when(client, organisation):
    make_edition(
        2027,
        program_published_at=timezone.now() + timedelta(days=5),
        registration_closes=timezone.now() + timedelta(days=2),
        registration_opens=timezone.now() - timedelta(days=2),
    )
    response = client.get("/program/")
    assert "Programmet för Innovationsveckan 2027 publiceras" in response.content.decode()


def test_archive_searches_an_earlier_edition(client, program, organisation):
    earlier = make_edition(2025, current=False)
    make_activity(
        earlier, organisation, status=Status.APPROVED, title="Förra årets workshop", type="workshop"
    )
    make_activity(earlier, organisation, status=Status.REJECTED, title="Hemlig förra året")
    search.index_activities(Activity.objects.with_related())
    response = client.get("/arkiv/2025/?q=workshop")
    assert titles(response) == ["Förra årets workshop"]
    assert client.get("/arkiv/2027/").status_code == 404  # the current edition is not the archive
    assert client.get("/arkiv/1999/").status_code == 404


def test_archive_shows_recordings(client, edition, organisation):
    earlier = make_edition(2025, current=False)
    make_activity(
        earlier,
        organisation,
        status=Status.APPROVED,
        title="Inspelat seminarium",
        recording_url="https://play.example.se/seminarium",
    )
    html = client.get("/arkiv/2025/").content.decode()
    assert '<a class="ds-link" href="https://play.example.se/seminarium">Se inspelningen' in html


def test_archive_index_lists_earlier_editions_only(client, edition):
    make_edition(2025, current=False, theme="Förra året")
    make_edition(2024, current=False, theme="Året innan")
    response = client.get("/arkiv/")
    assert [e.year for e in response.context["editions"]] == [2025, 2024]
    html = response.content.decode()
    assert '<a class="ds-link" href="/arkiv/2025/">Innovationsveckan 2025</a> – Förra året' in html
    assert "/arkiv/2027/" not in html
