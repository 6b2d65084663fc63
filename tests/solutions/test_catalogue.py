"""The public catalogue: only approved solutions, searched by word and faceted, one page each."""

import re

import pytest

from tests.factories import (
    make_activity,
    make_edition,
    make_organisation,
    make_published_edition,
    make_solution,
)
from veckan.awards.models import Award, Nomination
from veckan.editions.models import FocusArea
from veckan.geography.models import Municipality
from veckan.organisations.models import Kind
from veckan.solutions.models import Status

pytestmark = pytest.mark.django_db

CARD = re.compile(
    r'<h3 class="ds-heading" data-size="sm"><a class="ds-link" href="[^"]+">([^<]+)</a>'
)


def _titles(client, query: str = "") -> list[str]:
    return CARD.findall(client.get(f"/losningar/{query}").content.decode())


@pytest.fixture
def catalogue(organisation):
    """Hidden ones first (so an id would show them), then three public ones."""
    for status in (Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.REJECTED):
        make_solution(organisation, status=status, title=f"Sekretessbelagd {status}")
    edition = make_edition(2025)
    care = FocusArea.objects.create(edition=edition, name="Vård och omsorg")
    agency = make_organisation(kind=Kind.STATLIG_MYNDIGHET, name="Vinnova")
    agency.home_municipality = Municipality.objects.get(code="0380")  # Uppsala län
    agency.save()
    return [
        make_solution(
            organisation,
            title="Digital hemtjänstplanering",
            problem="Hemtjänstens scheman görs för hand.",
            maturity="in_use",
            focus_areas=[care],
        ),
        make_solution(
            organisation, title="Öppna data i skolan", maturity="pilot", problem="Data saknas."
        ),
        make_solution(agency, title="Innovationsupphandling", maturity="in_use"),
    ]


def test_catalogue_shows_only_approved_solutions(client, catalogue):
    assert _titles(client) == [
        "Innovationsupphandling",
        "Öppna data i skolan",
        "Digital hemtjänstplanering",
    ]
    hidden = make_solution(catalogue[0].organisation, status=Status.SUBMITTED)
    assert client.get(f"/losningar/{hidden.slug}/").status_code == 404
    assert client.get(f"/en/losningar/{catalogue[0].slug}/").status_code == 200


def test_catalogue_searches_by_word_with_stemming(client, catalogue):
    assert _titles(client, "?q=hemtjänsten") == ["Digital hemtjänstplanering"]
    assert _titles(client, "?q=schema") == ["Digital hemtjänstplanering"]
    assert _titles(client, "?q=oppna") == ["Öppna data i skolan"]
    assert _titles(client, "?q=Vinnova") == ["Innovationsupphandling"]
    assert _titles(client, "?q=sekretessbelagd") == []


def test_catalogue_facets_filter_and_count(client, catalogue):
    assert _titles(client, "?mognad=in_use") == [
        "Innovationsupphandling",
        "Digital hemtjänstplanering",
    ]
    assert _titles(client, "?mognad=in_use&typ=kommun") == ["Digital hemtjänstplanering"]
    assert _titles(client, "?lan=03") == ["Innovationsupphandling"]
    assert _titles(client, "?fokus=Vård+och+omsorg") == ["Digital hemtjänstplanering"]
    page = client.get("/losningar/?typ=kommun").content.decode()
    counts = re.findall(r'for="f-(\w+)-\d+">([^<]+) <span class="facet__count">\((\d+)\)', page)
    assert counts == [
        ("fokus", "Vård och omsorg", "1"),
        ("typ", "Kommun", "2"),
        ("typ", "Statlig myndighet", "1"),
        ("lan", "Stockholms län", "2"),
        ("mognad", "Testas", "1"),
        ("mognad", "I drift", "1"),
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_catalogue_query_count_is_fixed(client, organisation, django_assert_num_queries, count):
    for n in range(count):
        make_solution(organisation, title=f"Lösning {n}")
    client.get("/losningar/")  # sessions, sites and such warm up
    with django_assert_num_queries(9):
        answer = client.get("/losningar/")
    assert len(CARD.findall(answer.content.decode())) == count


def test_catalogue_pages(client, organisation):
    for n in range(21):
        make_solution(organisation, title=f"Lösning {n:02}")
    first = client.get("/losningar/?mognad=pilot").content.decode()
    assert "Sida 1 av 2" in first
    assert "?mognad=pilot&amp;sida=2" in first
    assert _titles(client, "?mognad=pilot&sida=2") == ["Lösning 00"]


def test_solution_page_shows_activities_nominations_and_chosen_contact(client, organisation):
    edition = make_published_edition()
    shown = make_activity(
        edition,
        organisation,
        status="approved",
        title="Visning av planeringen",
        recording_url="https://play.example.se/rec",
    )
    draft = make_activity(edition, organisation, status="draft", title="Hemligt utkast")
    solution = make_solution(organisation, title="Planering", contact_name="Kim Kontakt")
    solution.activities.set([shown, draft])
    page = client.get(f"/losningar/{solution.slug}/").content.decode()
    assert "Visning av planeringen" in page
    assert "https://play.example.se/rec" in page
    assert "Hemligt utkast" not in page
    assert "Kim Kontakt" not in page
    assert "kim@kommun.example.se" not in page

    solution.show_contact = True
    solution.save()
    from django.utils import timezone

    award = Award.objects.create(
        edition=edition,
        nominations_open=timezone.now(),
        nominations_close=timezone.now(),
        vote_open=timezone.now(),
        vote_close=timezone.now(),
    )
    for status in (Nomination.Status.SUBMITTED, Nomination.Status.WINNER):
        Nomination.objects.create(
            award=award,
            solution=solution,
            solution_name="Planering",
            description="x",
            organisation=organisation,
            film_url=f"https://film.example.se/{status}",
            contact_name="Kim",
            contact_email="kim@example.se",
            status=status,
        )
    page = client.get(f"/losningar/{solution.slug}/").content.decode()
    assert "kim@kommun.example.se" in page
    assert "https://film.example.se/winner" in page
    assert "https://film.example.se/submitted" not in page


def test_catalogue_takes_a_nul_out_of_words_and_leaves_out_values_with_one(client, catalogue):
    # PostgreSQL refuses a NUL in a query: the fuzzer found a 500 here (and in the API).
    assert _titles(client, "?q=hemtj%00änsten") == ["Digital hemtjänstplanering"]
    assert len(_titles(client, "?mognad=%00&typ=a%00")) == 3
    response = client.get("/api/v1/solutions?q=%00&mognad=%00")
    assert response.status_code == 200
    assert response.json()["count"] == 3
