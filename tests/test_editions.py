from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories import add_totp, at, make_edition, make_user
from veckan.editions.models import Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = make_user("samordnare@skr.example.se", coordinator=True)
    add_totp(user)
    client.force_login(user)  # the login flow itself is proven in test_accounts
    return user


def edition_form(**overrides):
    return {
        "year": "2027",
        "name": "Innovationsveckan 2027",
        "theme": "Mod att förnya",
        "theme_description": "",
        "starts_on": "2027-10-04",
        "ends_on": "2027-10-08",
        "registration_opens": "2027-03-01T09:00",
        "registration_closes": "2027-09-10T23:59",
        "program_published_at": "2027-09-15T09:00",
        "public_party_kinds": ["kommun", "region", "statlig_myndighet"],
        "focus_areas": "Digital förvaltning\nHälsa och omsorg\n\nDigital förvaltning",
    } | overrides


def test_edition_created_by_coordinator_with_focus_areas(client, coordinator):
    response = client.post("/samordning/utgavor/ny/", edition_form())
    assert response.status_code == 302
    edition = Edition.objects.get()
    assert edition.week_number == 40
    assert edition.public_party_kinds == ["kommun", "region", "statlig_myndighet"]
    assert list(edition.focus_areas.values_list("name", flat=True)) == [
        "Digital förvaltning",
        "Hälsa och omsorg",
    ]
    assert edition.registration_closes == at(date(2027, 9, 10), 23).replace(minute=59)


def test_edition_focus_areas_keep_rows_that_stay(client, coordinator):
    client.post("/samordning/utgavor/ny/", edition_form())
    kept = Edition.objects.get().focus_areas.get(name="Hälsa och omsorg")
    client.post(
        "/samordning/utgavor/2027/", edition_form(focus_areas="Hälsa och omsorg\nKompetens")
    )
    areas = list(Edition.objects.get().focus_areas.order_by("position"))
    assert [(a.name, a.position) for a in areas] == [("Hälsa och omsorg", 0), ("Kompetens", 1)]
    assert areas[0].pk == kept.pk


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": "2027-10-01"}, "ends_on", "Veckan kan inte sluta innan den börjar."),
        (
            {"registration_closes": "2027-02-01T09:00"},
            "registration_closes",
            "Sista anmälningsdag måste komma efter att anmälan öppnar.",
        ),
        (
            {"registration_closes": "2027-10-06T09:00"},
            "registration_closes",
            "Anmälan av aktiviteter måste stänga senast när veckan börjar.",
        ),
        ({"public_party_kinds": []}, "public_party_kinds", "Detta fält måste fyllas i."),
        (
            {"starts_on": "2026-10-05", "ends_on": "2026-10-09"},
            "starts_on",
            "Veckan ska börja under utgåvans år.",
        ),
    ],
)
def test_edition_rules_show_swedish_errors(client, coordinator, overrides, field, message):
    response = client.post("/samordning/utgavor/ny/", edition_form(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Edition.objects.exists()


def test_edition_only_one_is_current(client, coordinator):
    old = make_edition(2025, current=True)
    new = make_edition(2026, current=False)
    response = client.post("/samordning/utgavor/2026/aktuell/")
    assert response.status_code == 302
    assert list(Edition.objects.filter(is_current=True)) == [new]
    assert Edition.objects.current() == new
    assert list(Edition.objects.archived()) == [old]


def test_edition_second_current_is_refused_by_the_database():
    make_edition(2025, current=True)
    with pytest.raises((IntegrityError, ValidationError)):
        make_edition(2026, current=True)


def test_edition_pages_are_closed_to_organisers(client, owner):
    client.force_login(owner)
    assert client.get("/samordning/utgavor/ny/").status_code == 403
    response = client.post("/samordning/utgavor/ny/", edition_form())
    assert response.status_code == 403
    assert not Edition.objects.exists()


def test_edition_registration_and_publication_windows():
    edition = make_edition(2026)
    assert edition.is_registration_open(edition.registration_opens)
    assert not edition.is_registration_open(edition.registration_closes)
    assert not edition.is_program_published(edition.program_published_at.replace(hour=8))
    assert edition.is_program_published(edition.program_published_at)
    assert edition.days[0].isoweekday() == 1
    assert len(edition.days) == 5


@pytest.mark.parametrize("count", [1, 3])
def test_edition_dashboard_query_count_is_fixed(
    client, coordinator, django_assert_max_num_queries, count
):
    for year in range(2020, 2020 + count):
        make_edition(year, current=year == 2020)
    with django_assert_max_num_queries(10):
        response = client.get("/samordning/")
    assert len(response.context["editions"]) == count
