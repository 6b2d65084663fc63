"""Coordinators see which organisers have not reported attendance: every activity of the current
edition that has ended and took place, with whom to ask, on a page, in a CSV file and as a to-do."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import at, make_activity, make_edition, make_organisation
from veckan.activities.models import Activity, ContactPerson, EventStatus, Status
from veckan.signups import services
from veckan.signups.models import Attendance, AttendanceReminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended_edition(db):
    """The current edition, its week last year: every activity of it has ended."""
    return make_edition(timezone.localdate().year - 1)


@pytest.fixture
def activities(ended_edition, organisation, owner):
    """Two ended activities without a report (one with contacts), and everything that must not be
    listed: one reported, one cancelled, one postponed, a draft and another edition's."""
    agency = make_organisation(name="Vinnova")
    missing = make_activity(
        ended_edition, organisation, status=Status.APPROVED, title="Seminarium utan rapport"
    )
    ContactPerson.objects.create(
        activity=missing, name="Kim Kontakt", email="kim@kommun.example.se", phone="013-12 34 56"
    )
    monday = ended_edition.starts_on
    also_missing = make_activity(
        ended_edition,
        agency,
        status=Status.APPROVED,
        title="Tidigare workshop",
        starts_at=at(monday, 9),
        ends_at=at(monday, 10),
    )
    reported = make_activity(
        ended_edition, organisation, status=Status.APPROVED, title="Rapporterad aktivitet"
    )
    Attendance.objects.create(activity=reported, in_person=12, online=0, reported_by=owner)
    make_activity(ended_edition, organisation, status=Status.CANCELLED, title="Inställd aktivitet")
    postponed = make_activity(
        ended_edition, organisation, status=Status.APPROVED, title="Uppskjuten aktivitet"
    )
    Activity.objects.filter(pk=postponed.pk).update(event_status=EventStatus.POSTPONED)
    make_activity(ended_edition, organisation, status=Status.DRAFT, title="Utkast som aldrig blev")
    earlier = make_edition(timezone.localdate().year - 2, current=False)
    make_activity(earlier, organisation, status=Status.APPROVED, title="Förra årets aktivitet")
    return [also_missing, missing]


NOT_LISTED = [
    "Rapporterad aktivitet",
    "Inställd aktivitet",
    "Uppskjuten aktivitet",
    "Utkast som aldrig blev",
    "Förra årets aktivitet",
]


@pytest.mark.coordinator_signed_in
def test_coordinator_sees_the_ended_activities_without_attendance_and_whom_to_ask(
    client, coordinator, activities
):
    response = client.get("/samordning/narvaro/")
    assert response.status_code == 200
    assert response.context["activities"] == activities  # the longest-ended first
    page = response.content.decode()
    assert "2 aktiviteter i " in page
    assert "har ägt rum utan att arrangörerna har rapporterat hur många som kom" in page
    assert "Arrangörerna får en påminnelse per mejl 3 dagar efter sin aktivitet." in page
    missing = activities[1]
    assert f'href="{missing.get_absolute_url()}">Seminarium utan rapport</a>' in page
    assert "Exempelby kommun" in page
    assert "Vinnova" in page
    assert "Kim Kontakt" in page
    assert 'href="mailto:kim@kommun.example.se"' in page
    assert "013-12 34 56" in page
    for title in NOT_LISTED:
        assert title not in page
    assert 'href="/samordning/narvaro.csv"' in page


@pytest.mark.coordinator_signed_in
def test_the_list_comes_as_csv_one_row_per_contact(client, coordinator, activities):
    response = client.get("/samordning/narvaro.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Aktivitet",
        "Slutade",
        "Organisation",
        "Kontaktperson",
        "E-post",
        "Telefon",
        "Länk",
        "Påminnelse skickad",
    ]
    assert [(row[0], row[2], row[3], row[4]) for row in rows[1:]] == [
        ("Tidigare workshop", "Vinnova", "", ""),
        ("Seminarium utan rapport", "Exempelby kommun", "Kim Kontakt", "kim@kommun.example.se"),
    ]
    assert rows[2][6].endswith(activities[1].get_absolute_url())


@pytest.mark.coordinator_signed_in
def test_the_coordinators_start_page_counts_them_as_a_to_do(client, coordinator, activities):
    page = client.get("/samordning/").content.decode()
    assert (
        'href="/samordning/narvaro/">2 aktiviteter har ägt rum utan rapporterad närvaro</a>' in page
    )


@pytest.mark.coordinator_signed_in
def test_once_every_activity_is_reported_the_page_says_so(client, coordinator, activities, owner):
    for activity in activities:
        Attendance.objects.create(activity=activity, in_person=3, online=1, reported_by=owner)
    page = client.get("/samordning/narvaro/").content.decode()
    assert "Alla aktiviteter som har ägt rum har rapporterat närvaron." in page
    assert "Klart: " in client.get("/samordning/").content.decode()


def test_an_activity_is_listed_only_once_it_has_ended(ended_edition, organisation):
    activity = make_activity(ended_edition, organisation, status=Status.APPROVED)
    assert list(services.unreported_attendance(ended_edition, now=activity.ends_at)) == [activity]
    before = activity.ends_at - timedelta(minutes=1)
    assert list(services.unreported_attendance(ended_edition, now=before)) == []


@pytest.mark.parametrize("path", ["/samordning/narvaro/", "/samordning/narvaro.csv"])
def test_the_list_is_for_coordinators_only(client, owner, activities, path):
    assert client.get(path).status_code == 302  # to the login
    client.force_login(owner)
    assert client.get(path).status_code == 403


@pytest.mark.coordinator_signed_in
def test_the_list_says_when_the_organisers_were_reminded(client, coordinator, activities):
    _earlier, reminded = activities
    sent = reminded.ends_at + timedelta(days=3)
    AttendanceReminder.objects.create(activity=reminded, sent_at=sent)
    day = timezone.localtime(sent).date()
    page = client.get("/samordning/narvaro/").content.decode()
    assert f"<td>{date_format(day, 'SHORT_DATE_FORMAT')}</td>" in page  # "3 okt 2025"
    rows = list(
        csv.reader(
            io.StringIO(client.get("/samordning/narvaro.csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert [row[7] for row in rows[1:]] == ["", f"{day:%Y-%m-%d}"]
