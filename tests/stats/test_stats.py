"""Statistics: every figure equals what the database holds, and page views counted without cookies."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import add_totp, at, make_activity, make_edition, make_organisation, make_user
from veckan.activities.models import ActivityPageView, CoOrganiser, Status
from veckan.editions.models import FocusArea
from veckan.geography.models import Municipality
from veckan.organisations.models import Kind
from veckan.signups.models import Attendance, SignUp
from veckan.stats import figures, tables

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


def _published(year: int, **fields):
    now = timezone.now()
    return make_edition(
        year,
        registration_opens=now - timedelta(days=60),
        registration_closes=now - timedelta(days=10),
        program_published_at=now - timedelta(days=1),
        **fields,
    )


def _digital(edition, organisation, **fields):
    return make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        type="webbsandning",
        format="digital",
        municipality=None,
        venue="",
        address="",
        stream_url="https://play.example.se/sandning",
        **fields,
    )


@pytest.fixture
def week(organisation):
    """A published 2027 edition with three held activities and everything that must not count."""
    edition = _published(2027)
    monday, tuesday = edition.days[0], edition.days[1]
    digitalisation = FocusArea.objects.create(edition=edition, name="Digitalisering", position=1)
    sustainability = FocusArea.objects.create(edition=edition, name="Hållbarhet", position=2)
    agency = make_organisation(kind=Kind.STATLIG_MYNDIGHET, name="Vinnova")
    company = make_organisation(kind=Kind.FORETAG, name="Exempel AB")
    only_cancelled = make_organisation(kind=Kind.REGION, name="Region Inställd")

    seminar = make_activity(
        edition, organisation, status=Status.APPROVED, signup_mode="platform", capacity=10
    )
    seminar.focus_areas.set([digitalisation])
    workshop = make_activity(
        edition,
        agency,
        status=Status.APPROVED,
        type="workshop",
        format="hybrid",
        municipality=Municipality.objects.get(code="0180"),
        stream_url="https://play.example.se/workshop",
        starts_at=at(monday, 13),
        ends_at=at(monday, 15),
    )
    workshop.focus_areas.set([digitalisation, sustainability])
    CoOrganiser.objects.create(activity=workshop, organisation=company)
    CoOrganiser.objects.create(activity=workshop, name="Oregistrerade föreningen", kind=Kind.ANNAN)
    _digital(edition, agency, starts_at=at(tuesday, 9), ends_at=at(tuesday, 10))

    cancelled = make_activity(edition, only_cancelled, status=Status.CANCELLED, type="workshop")
    cancelled.focus_areas.set([sustainability])
    make_activity(edition, organisation, status=Status.SUBMITTED, type="utstallning")
    make_activity(edition, organisation, status=Status.DRAFT, type="dialogmote")

    for index, status in enumerate(["confirmed", "confirmed", "waiting", "cancelled", "held"]):
        SignUp.objects.create(
            activity=seminar, name=f"Person {index}", email=f"p{index}@example.se", status=status
        )
    SignUp.objects.create(activity=cancelled, name="X", email="x@example.se", status="confirmed")
    Attendance.objects.create(activity=seminar, in_person=30, online=0)
    Attendance.objects.create(activity=workshop, in_person=10, online=25)
    Attendance.objects.create(activity=cancelled, in_person=99, online=99)

    earlier = make_edition(2025, current=False)
    make_activity(earlier, organisation, status=Status.APPROVED)
    Attendance.objects.create(activity=earlier.activities.get(), in_person=12, online=0)
    unpublished = make_edition(
        2028, current=False, program_published_at=timezone.now() + timedelta(days=30)
    )
    make_activity(unpublished, organisation, status=Status.APPROVED)
    return edition


def test_figures_count_held_activities_only(week):
    monday, tuesday = week.days[0], week.days[1]
    assert figures.by_type(week) == {"seminarium": 1, "workshop": 1, "webbsandning": 1}
    assert figures.by_format(week) == {"physical": 1, "hybrid": 1, "digital": 1}
    assert figures.share_digital(figures.by_format(week)) == 67
    assert figures.by_county(week) == {"05": 1, "01": 1, None: 1}
    assert figures.by_day(week) == {monday: 1, tuesday: 2}
    assert figures.by_organiser_kind(week) == {"kommun": 1, "statlig_myndighet": 2}
    assert figures.by_focus_area(week) == {"Digitalisering": 2, "Hållbarhet": 1}
    assert figures.organisations(week) == 3
    assert figures.signups(week) == {"confirmed": 2, "waiting": 1}
    assert figures.attendance(week) == {"in_person": 40, "online": 25, "total": 65}


def test_year_over_year_covers_published_editions_up_to_the_year(week):
    assert figures.year_over_year(week) == {
        2025: {"activities": 1, "share_digital": 0, "organisations": 1, "participants": 12},
        2027: {"activities": 3, "share_digital": 67, "organisations": 3, "participants": 65},
    }


def test_statistics_page_shows_each_chart_and_its_table(client, week):
    response = client.get("/statistik/2027/")

    assert response.status_code == 200
    by_slug = {table.slug: table for table in response.context["tables"]}
    assert list(by_slug) == list(tables.TABLES)
    assert by_slug["form"].rows == [
        ("På plats", [1]),
        ("Digitalt", [1]),
        ("På plats och digitalt", [1]),
    ]
    assert by_slug["deltagare"].rows == [("På plats", [40]), ("Digitalt", [25]), ("Totalt", [65])]
    html = response.content.decode()
    charts = sum(len(table.charts) for table in by_slug.values())
    # One per table, four for the years, two for the spread year by year.
    assert html.count('role="img"') == charts == 9 + 4 + 2
    assert html.count("<caption>") == len(by_slug)
    assert 'style="' not in html.split("<main", 1)[1]


def test_statistics_redirects_to_the_current_edition(client, week):
    response = client.get("/statistik/")
    assert response.status_code == 302
    assert response["Location"] == "/statistik/2027/"


@pytest.mark.parametrize(
    "path",
    ["/statistik/2028/", "/statistik/2028/typ.csv", "/statistik/2030/", "/statistik/2027/x.csv"],
)
def test_statistics_of_unpublished_or_unknown_editions_answer_404(client, week, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("slug", list(tables.TABLES))
def test_csv_parses_back_to_the_table(client, week, slug):
    response = client.get(f"/statistik/2027/{slug}.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in response.content
    parsed = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";")
    )
    expected = [[str(cell) for cell in row] for row in tables.TABLES[slug](week).as_rows()]
    assert parsed == expected


def test_attendance_counts_the_check_ins_where_there_are_any_and_the_reports_elsewhere(week):
    seminar = week.activities.get(type="seminarium")  # physical; 30 reported
    workshop = week.activities.get(type="workshop", status=Status.APPROVED)  # hybrid; 10 + 25
    now = timezone.now()
    seminar.signups.filter(status="confirmed").update(checked_in_at=now)  # 2 at the door
    SignUp.objects.create(
        activity=workshop, name="Dörr", email="d@example.se", status="confirmed", checked_in_at=now
    )
    SignUp.objects.create(
        activity=workshop,
        name="Länk",
        email="l@example.se",
        status="confirmed",
        checked_in_at=now,
        checked_in_online=True,
    )
    SignUp.objects.create(activity=workshop, name="Borta", email="b@example.se", status="confirmed")
    # Check-ins of an activity that was not held count no more than its report.
    SignUp.objects.filter(email="x@example.se").update(checked_in_at=now)

    assert figures.attendance(week) == {"in_person": 3, "online": 1, "total": 4}
    assert figures.year_over_year(week)[2027]["participants"] == 4
    assert figures.year_over_year(week)[2025]["participants"] == 12  # reported, no check-ins


def test_attendance_of_a_digital_activity_counts_its_check_ins_online(week):
    digital = week.activities.get(format="digital")
    SignUp.objects.create(
        activity=digital,
        name="Dig",
        email="dig@example.se",
        status="confirmed",
        checked_in_at=timezone.now(),
    )
    assert figures.attendance(week) == {"in_person": 40, "online": 26, "total": 66}


@pytest.mark.parametrize("count", [1, 3])
def test_statistics_page_query_count_is_fixed(
    client, organisation, django_assert_num_queries, count
):
    edition = _published(2027)
    for _ in range(count):
        make_activity(edition, organisation, status=Status.APPROVED)
    # The attendance figures read the check-ins and the reports: two queries each for the edition
    # and year over year.
    with django_assert_num_queries(28):  # the spread of solutions included: two a table
        assert client.get("/statistik/2027/").status_code == 200


# --- page views ------------------------------------------------------------------------------


@pytest.fixture
def activity(organisation):
    return make_activity(_published(2027), organisation, status=Status.APPROVED)


def test_a_view_increments_todays_row(client, activity):
    for _ in range(3):
        assert client.get(activity.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200

    rows = ActivityPageView.objects.values_list("activity_id", "day", "count")
    assert list(rows) == [(activity.pk, timezone.localdate(), 3)]


def test_a_view_adds_one_to_todays_row_and_leaves_other_rows_alone(client, organisation, activity):
    other = make_activity(activity.edition, organisation, status=Status.APPROVED)
    yesterday = timezone.localdate() - timedelta(days=1)
    ActivityPageView.objects.create(activity=activity, day=timezone.localdate(), count=5)
    ActivityPageView.objects.create(activity=activity, day=yesterday, count=7)
    ActivityPageView.objects.create(activity=other, day=timezone.localdate(), count=2)

    assert client.get(activity.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200

    rows = ActivityPageView.objects.order_by("activity_id", "day").values_list(
        "activity_id", "day", "count"
    )
    assert list(rows) == [
        (activity.pk, yesterday, 7),
        (activity.pk, timezone.localdate(), 6),
        (other.pk, timezone.localdate(), 2),
    ]


@pytest.mark.parametrize(
    "user_agent",
    [
        "Googlebot/2.1",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.5",
        "HeadlessChrome/131",
        "",
    ],
)
def test_robots_and_scripts_are_not_counted(client, activity, user_agent):
    assert client.get(activity.get_absolute_url(), HTTP_USER_AGENT=user_agent).status_code == 200
    assert ActivityPageView.objects.count() == 0


def test_head_requests_and_the_organisers_preview_are_not_counted(client, owner, activity):
    assert client.head(activity.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200
    client.force_login(owner)
    preview = client.get(
        f"/mina-aktiviteter/{activity.pk}/forhandsvisning/", HTTP_USER_AGENT=BROWSER
    )
    assert preview.status_code == 200
    assert ActivityPageView.objects.count() == 0


def test_counting_a_view_sets_no_cookie_for_an_anonymous_visitor(client, activity):
    response = client.get(activity.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    # The only cookie is the CSRF token of the favourites star form, which the page already set
    # before page views were counted; counting adds no session and no cookie of its own.
    assert set(response.cookies) == {"csrftoken"}
    assert ActivityPageView.objects.get().count == 1


def test_organiser_sees_their_activitys_views_per_day(client, colleague, activity):
    yesterday = timezone.localdate() - timedelta(days=1)
    ActivityPageView.objects.create(activity=activity, day=yesterday, count=4)
    ActivityPageView.objects.create(activity=activity, day=timezone.localdate(), count=2)
    client.force_login(colleague)

    response = client.get(f"/mina-aktiviteter/{activity.pk}/besok/")

    assert response.status_code == 200
    assert [(row.day, row.count) for row in response.context["days"]] == [
        (yesterday, 4),
        (timezone.localdate(), 2),
    ]
    assert response.context["total"] == 6
    mine = client.get("/mina-aktiviteter/").content.decode()
    assert f'href="/mina-aktiviteter/{activity.pk}/besok/"' in mine


def test_another_organisations_views_answer_404(client, stranger, other_organisation, activity):
    ActivityPageView.objects.create(activity=activity, day=timezone.localdate(), count=4)
    client.force_login(stranger)
    assert client.get(f"/mina-aktiviteter/{activity.pk}/besok/").status_code == 404


def test_coordinator_sees_views_per_activity_of_the_current_edition(client, organisation, activity):
    other = make_activity(activity.edition, organisation, status=Status.APPROVED, title="Annan")
    earlier = make_activity(make_edition(2025, current=False), organisation, status=Status.APPROVED)
    today = timezone.localdate()
    ActivityPageView.objects.create(activity=activity, day=today, count=2)
    ActivityPageView.objects.create(activity=activity, day=today - timedelta(days=1), count=3)
    ActivityPageView.objects.create(activity=other, day=today, count=7)
    ActivityPageView.objects.create(activity=earlier, day=today, count=50)
    coordinator = make_user(coordinator=True)
    add_totp(coordinator)
    client.force_login(coordinator)

    response = client.get("/samordning/statistik/")

    assert response.status_code == 200
    assert [(page["activity__pk"], page["total"]) for page in response.context["pages"]] == [
        (other.pk, 7),
        (activity.pk, 5),
    ]
    assert list(response.context["editions"]) == [2027, 2025]


def test_statistics_for_coordinators_are_closed_to_organisers(client, owner):
    client.force_login(owner)
    assert client.get("/samordning/statistik/").status_code == 403


def test_statistics_page_shows_the_counties_on_the_map(client, organisation):
    edition = _published(2027)
    make_activity(edition, organisation, status="approved")  # in Linköping, Östergötlands län
    html = client.get("/statistik/2027/").content.decode()
    assert '<svg class="map"' in html
    assert (
        '<a href="/program/?lan=05" class="map--b1"><title>Östergötlands län: 1 aktivitet</title>'
        in html
    )
