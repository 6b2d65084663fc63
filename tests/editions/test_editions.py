from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from tests.factories import (
    at,
    make_activity,
    make_edition,
    make_published_edition,
)
from veckan.activities.models import Activity
from veckan.editions.models import Edition

pytestmark = [pytest.mark.django_db, pytest.mark.coordinator_signed_in]


def edition_form(**overrides):
    return (
        {
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
        }
        | focus_area_rows()
        | overrides
    )


def focus_area_rows(*rows: tuple[int | None, str], delete: tuple[int, ...] = ()) -> dict:
    """The focus-area rows of the edition form: (pk or None, name) each, then one empty row."""
    rows = rows or ((None, "Digital förvaltning"), (None, "Hälsa och omsorg"))
    data = {
        "focus_areas-TOTAL_FORMS": str(len(rows) + 1),
        "focus_areas-INITIAL_FORMS": str(sum(1 for pk, _ in rows if pk)),
        "focus_areas-MIN_NUM_FORMS": "0",
        "focus_areas-MAX_NUM_FORMS": "1000",
    }
    for index, (pk, name) in enumerate([*rows, (None, "")]):
        data[f"focus_areas-{index}-id"] = str(pk or "")
        data[f"focus_areas-{index}-name"] = name
        if pk in delete:
            data[f"focus_areas-{index}-DELETE"] = "on"
    return data


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


def test_edition_focus_area_renamed_keeps_every_activity_tag(client, coordinator, organisation):
    client.post("/samordning/utgavor/ny/", edition_form())
    edition = Edition.objects.get()
    digital, health = edition.focus_areas.order_by("position")
    activity = make_activity(edition, organisation)
    activity.focus_areas.set([digital, health])

    response = client.post(
        "/samordning/utgavor/2027/",
        edition_form(**focus_area_rows((health.pk, "Vård och omsorg"), (digital.pk, "Digitalt"))),
    )

    assert response.status_code == 302
    areas = list(edition.focus_areas.order_by("position"))
    assert [(a.pk, a.name, a.position) for a in areas] == [
        (health.pk, "Vård och omsorg", 0),
        (digital.pk, "Digitalt", 1),
    ]
    assert sorted(activity.focus_areas.values_list("name", flat=True)) == [
        "Digitalt",
        "Vård och omsorg",
    ]


def test_edition_focus_area_removal_says_how_many_lose_it_and_asks_first(
    client, coordinator, organisation
):
    client.post("/samordning/utgavor/ny/", edition_form())
    edition = Edition.objects.get()
    digital, health = edition.focus_areas.order_by("position")
    for _ in range(2):
        make_activity(edition, organisation).focus_areas.set([digital])
    rows = focus_area_rows(
        (digital.pk, digital.name), (health.pk, health.name), delete=(digital.pk,)
    )

    response = client.post("/samordning/utgavor/2027/", edition_form(**rows))

    assert response.status_code == 200
    assert response.context["forms"].to_confirm == [
        "Fokusområdet ”Digital förvaltning” tas bort från 2 aktiviteter."
    ]
    assert "Fokusområdet ”Digital förvaltning” tas bort från 2 aktiviteter." in (
        response.content.decode()
    )
    assert edition.focus_areas.count() == 2  # nothing removed yet

    response = client.post("/samordning/utgavor/2027/", edition_form(**rows, confirm="on"))

    assert response.status_code == 302
    assert list(edition.focus_areas.values_list("name", flat=True)) == ["Hälsa och omsorg"]
    assert not Activity.focus_areas.through.objects.exists()


def test_edition_focus_area_unused_is_removed_without_asking(client, coordinator):
    client.post("/samordning/utgavor/ny/", edition_form())
    edition = Edition.objects.get()
    digital, health = edition.focus_areas.order_by("position")
    rows = focus_area_rows(
        (digital.pk, digital.name), (health.pk, health.name), delete=(health.pk,)
    )
    response = client.post("/samordning/utgavor/2027/", edition_form(**rows))
    assert response.status_code == 302
    assert list(edition.focus_areas.values_list("name", flat=True)) == ["Digital förvaltning"]


def test_edition_focus_areas_with_the_same_name_are_refused(client, coordinator):
    rows = focus_area_rows((None, "Hälsa"), (None, "hälsa "))
    response = client.post("/samordning/utgavor/ny/", edition_form(**rows))
    assert response.status_code == 200
    assert response.context["forms"].focus_areas.non_form_errors() == [
        "Två fokusområden kan inte heta likadant."
    ]
    assert not Edition.objects.exists()


def test_edition_every_date_says_what_it_does(client, coordinator):
    response = client.get("/samordning/utgavor/ny/")
    form = response.context["form"]
    for name in (
        "starts_on",
        "ends_on",
        "registration_opens",
        "registration_closes",
        "program_published_at",
    ):
        assert form[name].help_text, name
        assert f'id="id_{name}_helptext"' in response.content.decode()


def _live_edition_with(organisation, count: int) -> Edition:
    edition = make_published_edition(2027)
    for _ in range(count):
        make_activity(edition, organisation, status="approved")
    make_activity(edition, organisation, status="submitted")  # not public: does not count
    return edition


def _form_of(edition: Edition, **overrides) -> dict:
    local = timezone.localtime
    return (
        edition_form(
            starts_on=edition.starts_on.isoformat(),
            ends_on=edition.ends_on.isoformat(),
            registration_opens=local(edition.registration_opens).strftime("%Y-%m-%dT%H:%M"),
            registration_closes=local(edition.registration_closes).strftime("%Y-%m-%dT%H:%M"),
            program_published_at=local(edition.program_published_at).strftime("%Y-%m-%dT%H:%M"),
            **focus_area_rows(*[(area.pk, area.name) for area in edition.focus_areas.all()]),
        )
        | overrides
    )


def test_edition_publication_moved_later_asks_first_and_says_how_many_disappear(
    client, coordinator, organisation
):
    edition = _live_edition_with(organisation, 2)
    published_at = edition.program_published_at
    later = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        "/samordning/utgavor/2027/", _form_of(edition, program_published_at=later)
    )

    assert response.status_code == 200
    [consequence] = response.context["forms"].to_confirm
    assert consequence.startswith(
        "Programmet är publicerat. Med den nya tiden försvinner 2 publicerade aktiviteter "
        "ur programmet till "
    )
    assert response.context["form"].errors["confirm"] == [
        "Bekräfta att du vill spara, eller ändra det som står ovan."
    ]
    edition.refresh_from_db()
    assert edition.program_published_at == published_at
    assert Activity.objects.published().count() == 2

    response = client.post(
        "/samordning/utgavor/2027/", _form_of(edition, program_published_at=later, confirm="on")
    )

    assert response.status_code == 302
    assert Activity.objects.published().count() == 0


def test_edition_publication_moved_earlier_or_kept_saves_without_asking(
    client, coordinator, organisation
):
    edition = _live_edition_with(organisation, 1)
    earlier = timezone.localtime(timezone.now() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert client.post("/samordning/utgavor/2027/", _form_of(edition)).status_code == 302
    response = client.post(
        "/samordning/utgavor/2027/", _form_of(edition, program_published_at=earlier)
    )
    assert response.status_code == 302
    assert Activity.objects.published().count() == 1


def test_edition_not_yet_published_moved_later_saves_without_asking(client, coordinator):
    client.post("/samordning/utgavor/ny/", edition_form())
    rows = focus_area_rows(*Edition.objects.get().focus_areas.values_list("pk", "name"))
    response = client.post(
        "/samordning/utgavor/2027/", edition_form(program_published_at="2027-09-20T09:00", **rows)
    )
    assert response.status_code == 302
    assert timezone.localtime(Edition.objects.get().program_published_at).day == 20


def test_activity_link_of_a_program_taken_back_says_when_it_comes_not_404(client, organisation):
    edition = make_published_edition(2027)
    activity = make_activity(edition, organisation, status="approved", title="Öppna data i Ydre")
    edition.program_published_at = timezone.now() + timedelta(days=3)
    edition.save()

    response = client.get(activity.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Aktiviteten som länken leder till visas här när programmet är publicerat." in page
    assert '<meta name="robots" content="noindex">' in page
    assert "Öppna data i Ydre" not in page  # nothing of the activity before publication


def test_activity_link_of_an_activity_never_approved_answers_404(client, organisation):
    edition = make_edition(2027)
    for status in ("draft", "submitted", "rejected", "withdrawn"):
        activity = make_activity(edition, organisation, status=status)
        assert client.get(activity.get_absolute_url()).status_code == 404


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
            {"program_published_at": "2027-10-05T09:00"},
            "program_published_at",
            "Programmet måste publiceras senast när veckan börjar.",
        ),
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
    client, coordinator, django_assert_num_queries, count
):
    for year in range(2020, 2020 + count):
        make_edition(year, current=year == 2020)
    # One count a to-do, organisations to verify and solutions to review included.
    with django_assert_num_queries(13):
        response = client.get("/samordning/")
    assert len(response.context["editions"]) == count
