"""The program day by day and on a map: the same search as the list, nothing unpublished, fixed queries."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    at,
    make_activity,
    make_edition,
    make_organisation,
)
from veckan.activities import search
from veckan.activities.models import Activity, Status
from veckan.geography.models import County, Municipality
from veckan.lib.text import swedish_sort_key
from veckan.organisations.models import Kind
from veckan.program.maps import bucket

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(edition, organisation):
    """Published activities on Monday and Tuesday, made after everything that must never show."""
    monday, tuesday = edition.days[0], edition.days[1]
    luleå = Municipality.objects.get(code="2580")
    # First what could leak: every unpublished state, in Luleå (Norrbotten) so a count would show.
    for status in (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.CHANGES_REQUESTED,
    ):
        make_activity(
            edition, organisation, status=status, title=f"Hemlig {status}", municipality=luleå
        )
    future = make_edition(
        2028, current=False, program_published_at=timezone.now() + timedelta(days=300)
    )
    make_activity(
        future, organisation, status=Status.APPROVED, title="Hemlig framtid", municipality=luleå
    )

    agency = make_organisation(kind=Kind.STATLIG_MYNDIGHET, name="Vinnova")
    uppsala = Municipality.objects.get(code="0380")
    stockholm = Municipality.objects.get(code="0180")
    # Made out of time order, so that only sorting puts them right.
    made = [
        make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title="Innovationer i skolan",
            type="seminarium",
            municipality=uppsala,
            venue="Stadsbiblioteket",
            starts_at=at(monday, 13),
            ends_at=at(monday, 15),
        ),
        make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title="Digitala möten i vården",
            type="workshop",
            starts_at=at(monday, 9),
            ends_at=at(monday, 11),
        ),
        make_activity(
            edition,
            agency,
            status=Status.CANCELLED,
            title="Öppna data för alla",
            type="seminarium",
            municipality=stockholm,
            starts_at=at(tuesday, 18),
            ends_at=at(tuesday, 20),
        ),
        make_activity(
            edition,
            agency,
            status=Status.APPROVED,
            title="Webbsändning om AI",
            type="webbsandning",
            format="digital",
            municipality=None,
            address="",
            venue="",
            stream_url="https://play.example.se/ai",
            starts_at=at(tuesday, 10),
            ends_at=at(tuesday, 11),
        ),
        make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title="Hybridmöte om tillit",
            type="dialogmote",
            format="hybrid",
            municipality=uppsala,
            stream_url="https://play.example.se/tillit",
            starts_at=at(tuesday, 8),
            ends_at=at(tuesday, 9),
        ),
    ]
    search.index_activities(Activity.objects.with_related())
    return made


def days_of(response) -> dict[str, list[str]]:
    return {
        day.date.isoformat(): [activity.title for activity in day.activities]
        for day in response.context["days"]
    }


def counts_of(response) -> dict[str, int]:
    return {county.code: county.count for county in response.context["counties"]}


# --- day by day ----------------------------------------------------------------------------------


def test_days_show_exactly_the_published_activities_under_each_day_in_time_order(
    client, program, edition
):
    response = client.get("/program/dagar/")
    monday, tuesday, wednesday, thursday, friday = (day.isoformat() for day in edition.days)
    assert days_of(response) == {
        monday: ["Digitala möten i vården", "Innovationer i skolan"],
        tuesday: ["Hybridmöte om tillit", "Webbsändning om AI", "Öppna data för alla"],
        wednesday: [],
        thursday: [],
        friday: [],
    }
    html = response.content.decode()
    assert "Hemlig" not in html
    assert "5 aktiviteter" in html
    assert f'id="dag-{monday}-rubrik">måndag 4 oktober</h2>' in html
    assert f'<a class="ds-link" href="#dag-{tuesday}">tisdag 5 oktober</a>' in html
    assert html.index("Digitala möten i vården") < html.index("Innovationer i skolan")


def test_days_show_time_place_type_and_organiser_and_mark_the_cancelled(client, program):
    html = client.get("/program/dagar/").content.decode()
    items = re.findall(r'<li class="day-item[^"]*">(.*?)</li>', html, re.DOTALL)
    text = [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]
    assert text == [
        "09:00–11:00 Digitala möten i vården Stadshuset, Linköping · Workshop · Exempelby kommun",
        "13:00–15:00 Innovationer i skolan Stadsbiblioteket, Uppsala · Seminarium · Exempelby kommun",
        "08:00–09:00 Hybridmöte om tillit Stadshuset, Uppsala och digitalt · Dialogmöte · Exempelby kommun",
        "10:00–11:00 Webbsändning om AI Digitalt · Webbsändning · Vinnova",
        "18:00–20:00 Inställd Öppna data för alla Stadshuset, Stockholm · Seminarium · Vinnova",
    ]
    assert html.count("day-item--cancelled") == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("typ=seminarium", ["Innovationer i skolan", "Öppna data för alla"]),
        ("lan=03", ["Innovationer i skolan", "Hybridmöte om tillit"]),
        ("form=digital", ["Webbsändning om AI"]),
        ("tid=kvall", ["Öppna data för alla"]),
        ("arrangor=statlig_myndighet", ["Webbsändning om AI", "Öppna data för alla"]),
        ("q=innovation", ["Innovationer i skolan"]),
        ("q=digital&typ=workshop", ["Digitala möten i vården"]),
        ("dag=2027-10-05&typ=seminarium", ["Öppna data för alla"]),
        ("q=rymden", []),
    ],
)
def test_days_honour_the_program_filters(client, program, query, expected):
    response = client.get(f"/program/dagar/?{query}")
    assert [title for titles in days_of(response).values() for title in titles] == expected
    # The list view's search gives the same activities, in the same order.
    assert [a.title for a in client.get(f"/program/?{query}").context["page"]] == expected


def test_days_show_the_filters_as_chips_that_remove_them(client, program):
    response = client.get("/program/dagar/?q=skolan&typ=seminarium&lan=03")
    assert response.context["filters"] == [
        ("Sökord: skolan", "lan=03&typ=seminarium"),
        ("Typ av aktivitet: Seminarium", "lan=03&q=skolan"),
        ("Län: Uppsala län", "q=skolan&typ=seminarium"),
    ]
    html = response.content.decode()
    assert 'href="?lan=03&amp;typ=seminarium">Sökord: skolan</a>' in html
    assert 'href="/program/?lan=03&amp;q=skolan&amp;typ=seminarium">Ändra filtren i listan' in html
    # The view switcher keeps the search, and says where you are.
    assert 'href="/program/karta/?lan=03&amp;q=skolan&amp;typ=seminarium">Karta</a>' in html
    assert 'aria-current="page">Dag för dag</a>' in html


def test_days_without_filters_show_no_chips(client, program):
    response = client.get("/program/dagar/")
    assert response.context["filters"] == []
    assert "ds-chip" not in response.content.decode()


def test_days_before_publication_say_when(client, organisation):
    edition = make_edition(2027, program_published_at=timezone.now() + timedelta(days=5))
    make_activity(edition, organisation, status=Status.APPROVED, title="Hemlig än så länge")
    for path in ("/program/dagar/", "/program/karta/"):
        html = client.get(path).content.decode()
        assert "Programmet för Innovationsveckan 2027 publiceras" in html
        assert "Hemlig" not in html


# --- the map -------------------------------------------------------------------------------------


def test_map_counts_what_the_database_holds_for_published_activities(client, program, edition):
    response = client.get("/program/karta/")
    published = Activity.objects.published().in_edition(edition).select_related("municipality")
    expected = Counter(a.municipality.county_id for a in published if a.municipality_id)
    assert counts_of(response) == {
        code: expected.get(code, 0) for code in County.objects.values_list("code", flat=True)
    }
    assert counts_of(response)["03"] == 2  # the hybrid one counts where it takes place
    assert counts_of(response)["25"] == 0  # the unpublished ones in Luleå never count
    assert response.context["digital"] == 1
    assert sum(counts_of(response).values()) + response.context["digital"] == published.count()
    html = response.content.decode()
    assert "Dessutom 1 digital aktivitet utan ort." in html
    assert "5 aktiviteter" in html
    assert "Hemlig" not in html


@pytest.mark.parametrize(
    "query", ["", "typ=seminarium", "q=innovation", "form=digital", "lan=03", "kommun=0180"]
)
def test_map_counts_add_up_to_the_filtered_result(client, program, query):
    response = client.get(f"/program/karta/?{query}")
    listed = client.get(f"/program/?{query}").context["page"].paginator.count
    assert sum(counts_of(response).values()) + response.context["digital"] == listed
    assert response.context["total"] == listed


def test_map_county_links_filter_the_list_to_the_county_and_keep_the_other_filters(client, program):
    html = client.get("/program/karta/?typ=seminarium&lan=01&sida=2").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    links = re.findall(r'<a href="([^"]+)" class="map--b(\d)"><title>([^<]+)</title><path d="', svg)
    assert len(links) == 21
    by_name = {title: (href, int(b)) for href, b, title in links}
    # The search has lan=01, so only Stockholm has hits; the others link to themselves anyway.
    assert by_name["Stockholms län: 1 aktivitet"] == ("/program/?lan=01&amp;typ=seminarium", 1)
    assert by_name["Uppsala län: 0 aktiviteter"] == ("/program/?lan=03&amp;typ=seminarium", 0)
    assert 'role="group" aria-labelledby="map-title"' in svg
    assert '<title id="map-title">Karta över Sveriges län' in svg
    assert "style" not in svg


def test_map_table_has_every_county_in_swedish_order_with_the_same_numbers(client, program):
    response = client.get("/program/karta/")
    html = response.content.decode()
    tbody = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = re.findall(
        r'<tr><th scope="row"><a class="ds-link" href="([^"]+)">([^<]+)</a></th>'
        r'<td class="map-table__count">(\d+)</td></tr>',
        tbody,
    )
    assert len(rows) == 21 == tbody.count("<tr>")
    names = [name for _href, name, _count in rows]
    assert names == sorted(names, key=swedish_sort_key)
    assert names[0] == "Blekinge län"
    assert names[-2:] == ["Örebro län", "Östergötlands län"]
    counts = {county.name: county for county in response.context["counties"]}
    for href, name, count in rows:
        assert int(count) == counts[name].count
        assert href == f"/program/?lan={counts[name].code}"


def test_map_colour_buckets_have_their_bounds(client, program):
    assert [bucket(n) for n in (0, 1, 4, 5, 14, 15, 49, 50, 4000)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    html = client.get("/program/karta/").content.decode()
    legend = html[html.index('class="map-legend"') :]
    for index in range(5):
        assert f'class="map-legend__swatch map--b{index}"' in legend


def test_swedish_sort_key_puts_å_ä_ö_last():
    names = ["Örebro", "Åre", "Älvdalen", "Ale", "Ödeshög", "Eda", "Zinkgruvan"]
    assert sorted(names, key=swedish_sort_key) == [
        "Ale",
        "Eda",
        "Zinkgruvan",
        "Åre",
        "Älvdalen",
        "Ödeshög",
        "Örebro",
    ]


# --- both ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/program/dagar/", "/program/karta/"])
def test_days_and_map_query_count_is_fixed(client, edition, organisation, path):
    def queries() -> int:
        url = f"{path}?typ=seminarium&lan=05&q=aktivitet"
        # The first request after a change reads the program index and the places: a fixed cost.
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.context["total"] == Activity.objects.count()
        return len(captured)

    make_activity(edition, organisation, status=Status.APPROVED, title="Aktivitet 0")
    search.index_activities(Activity.objects.with_related())
    with_one = queries()
    for n in (1, 2):
        make_activity(edition, organisation, status=Status.APPROVED, title=f"Aktivitet {n}")
    search.index_activities(Activity.objects.with_related())
    with_three = queries()
    # A fixed four, whatever the size of the program.
    assert with_one == with_three == 4


def test_list_view_links_to_the_day_view_and_map_with_its_filters(client, program):
    html = client.get("/program/?typ=seminarium").content.decode()
    assert 'href="/program/?typ=seminarium" aria-current="page">Lista</a>' in html
    assert 'href="/program/dagar/?typ=seminarium">Dag för dag</a>' in html
    assert 'href="/program/karta/?typ=seminarium">Karta</a>' in html
    # htmx swaps only the results: the switcher comes along out of band with the new filters.
    partial = client.get("/program/?typ=workshop", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="program-views" aria-label="Visa programmet som" hx-swap-oob="true"' in partial
    assert 'href="/program/dagar/?typ=workshop">Dag för dag</a>' in partial
