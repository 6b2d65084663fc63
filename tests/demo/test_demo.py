import hashlib
import re
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import override_settings
from django.utils import timezone, translation
from PIL import Image

from veckan.accounts.models import User
from veckan.activities import search
from veckan.activities.models import (
    Activity,
    ActivityTag,
    ActivityType,
    Format,
    LogEntry,
    Material,
    SignupMode,
    Status,
)
from veckan.activities.review import changes_since_approval, reviewable_content
from veckan.awards import services as awards
from veckan.awards.models import Award, ConflictOfInterest, Nomination, Score, Vote
from veckan.collections.models import Collection
from veckan.demo.seed import COORDINATOR_EMAIL, ORGANISATIONS, ORGANISER_EMAIL
from veckan.editions.models import Edition
from veckan.geography.models import County, Municipality
from veckan.geography.reference import load_reference_data
from veckan.organisations.models import Kind, Organisation
from veckan.signups.models import SEAT_STATUSES, Attendance, SignUp

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")  # the demo draws pictures; keep them out of the project


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, media_root):
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, media_root):
    """The demo week, seeded once for this module inside a transaction rolled back at its end;
    each test runs in a savepoint of its own. Returns what seed_demo printed."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media_root,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        output = StringIO()
        call_command("seed_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


def in_edition(edition: Edition):
    return Activity.objects.filter(edition=edition).with_related()


def test_seed_demo_makes_a_living_week_and_prints_logins(demo):
    assert f"Organiser:   {ORGANISER_EMAIL} / innovationsveckan" in demo
    assert f"Coordinator: {COORDINATOR_EMAIL} / innovationsveckan" in demo

    current = Edition.objects.current()
    now = timezone.now()
    assert current.is_registration_open(now)
    assert current.is_program_published(now)
    assert now.date() < current.starts_on
    assert [e.year for e in Edition.objects.archived()] == [current.year - 1, current.year - 2]
    assert current.focus_areas.count() == 6

    assert Organisation.objects.count() == len(ORGANISATIONS) >= 60
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Kind.values)
    for organisation in Organisation.objects.all():
        organisation.full_clean()  # every made-up number fits the legal form of its kind
        assert organisation.memberships.filter(role="admin").exists()

    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    assert coordinator.is_coordinator
    assert coordinator.is_staff
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    organiser = User.objects.get(email=ORGANISER_EMAIL)
    assert sorted(organiser.organisations.values_list("name", flat=True)) == [
        "Linköpings kommun",
        "Region Östergötland",
    ]


def test_seed_demo_is_safe_to_run_again(demo, capsys):
    def counts():
        return (
            Edition.objects.count(),
            Organisation.objects.count(),
            User.objects.count(),
            Activity.objects.count(),
            LogEntry.objects.count(),
        )

    before = counts()
    call_command("seed_demo")
    assert counts() == before
    assert "The database already has data; leaving it as it is." in capsys.readouterr().out


def test_demo_has_about_300_activities_150_now_and_75_in_each_earlier_edition(demo):
    current = Edition.objects.current()
    assert 140 <= in_edition(current).count() <= 160
    for edition in Edition.objects.archived():
        assert 70 <= in_edition(edition).count() <= 80
    assert 280 <= Activity.objects.count() <= 320
    assert Activity.objects.values("title").distinct().count() == Activity.objects.count()


def test_demo_program_of_each_edition_has_every_type_format_and_county(demo):
    for edition in Edition.objects.all():
        published = Activity.objects.published().in_edition(edition)
        assert set(published.values_list("type", flat=True)) == set(ActivityType.values)
        assert set(published.values_list("format", flat=True)) == set(Format.values)
        counties = set(published.values_list("municipality__county", flat=True)) - {None}
        assert counties == set(County.objects.values_list("code", flat=True))
        assert len(counties) == 21


def test_demo_activities_are_valid_and_each_has_a_public_party(demo):
    activities = list(Activity.objects.with_related().prefetch_related("log"))
    for activity in activities:
        activity.full_clean()
        assert activity.has_public_party(), activity.title

        start, end = timezone.localtime(activity.starts_at), timezone.localtime(activity.ends_at)
        assert activity.edition.starts_on <= start.date() <= activity.edition.ends_on
        assert start.weekday() < 5
        assert start.date() == end.date()
        assert start.hour >= 8
        assert (end.hour, end.minute) <= (17, 0)
        assert timedelta(hours=1) <= end - start <= timedelta(hours=3)
        assert re.fullmatch(rf"[a-z0-9-]+-{activity.edition.year}(-\d+)?", activity.slug)

        assert 1 <= len(activity.contacts.all()) <= 2
        assert all(c.email.endswith("@example.org") for c in activity.contacts.all())
        assert len(activity.co_organisers.all()) <= 2
        assert activity.tag_values(ActivityTag.Kind.LANGUAGE)
        assert 1 <= len(activity.tag_values(ActivityTag.Kind.TARGET_GROUP)) <= 3
        assert len(activity.tag_values(ActivityTag.Kind.ACCESSIBILITY)) <= 4
        areas = list(activity.focus_areas.all())
        assert 1 <= len(areas) <= 2
        assert all(area.edition_id == activity.edition_id for area in areas)

        if activity.signup_mode == SignupMode.PLATFORM:
            assert 20 <= activity.capacity <= 200
            assert timezone.localtime(activity.signup_deadline).date() == start.date() - timedelta(
                days=1
            )
        if activity.signup_mode == SignupMode.EXTERNAL:
            assert activity.external_signup_url.startswith("https://example.org/anmalan/")

    with_co_organisers = sum(1 for a in activities if a.co_organisers.all())
    assert 0.3 <= with_co_organisers / len(activities) <= 0.5
    assert {a.signup_mode for a in activities} == set(SignupMode.values)
    languages = Counter(
        tag.value for a in activities for tag in a.tags.all() if tag.kind == "language"
    )
    assert languages["sv"] > 0.8 * len(activities)
    assert {"en", "sgn-SE"} <= set(languages)
    # A company, university or other organiser always has a public co-organiser.
    for activity in activities:
        if activity.organisation.kind in (Kind.FORETAG, Kind.AKADEMI, Kind.ANNAN):
            kinds = {co.effective_kind for co in activity.co_organisers.all()}
            assert kinds & set(activity.edition.public_party_kinds), activity.title


def test_demo_current_edition_spreads_over_the_whole_lifecycle(demo):
    current = Edition.objects.current()
    activities = list(in_edition(current).prefetch_related("log"))
    statuses = Counter(a.status for a in activities)
    assert set(statuses) == set(Status.values)
    assert 0.6 <= statuses[Status.APPROVED] / len(activities) <= 0.8
    assert 2 <= statuses[Status.CANCELLED] <= 6

    now = timezone.now()
    for activity in activities:
        log = list(activity.log.all())
        assert log[0].action == "created"
        assert activity.created_by == log[0].actor
        assert [entry.from_status for entry in log[1:]] == [entry.to_status for entry in log[:-1]]
        assert log[-1].to_status == activity.status
        assert all(entry.created_at < now for entry in log)
        assert activity.created_at == log[0].created_at
        if activity.status == Status.DRAFT:
            assert (activity.submitted_at, activity.approved_at) == (None, None)
        else:
            assert activity.submitted_at
        if activity.status in (Status.CHANGES_REQUESTED, Status.REJECTED):
            assert log[-1].actor.email == COORDINATOR_EMAIL
            assert log[-1].comment
        if activity.status == Status.CANCELLED:
            assert activity.cancellation_reason == log[-1].comment != ""
        if activity.status in (Status.APPROVED, Status.CANCELLED):
            assert activity.submitted_at < activity.approved_at < now
            assert any(e.action == "approved" and e.actor.email == COORDINATOR_EMAIL for e in log)

    pending = [a for a in activities if a.has_pending_changes]
    assert 3 <= len(pending) <= 4
    with translation.override("sv"):
        for activity in pending:
            assert activity.status == Status.APPROVED
            assert set(activity.pending_changes) == {"starts_at", "ends_at"}
            assert activity.log.last().action == "change_submitted"
            # Reviewers see the change of time against what they approved, and nothing else.
            changed = {change.label for change in changes_since_approval(activity)}
            assert changed
            assert changed <= {"Börjar", "Slutar"}
        for activity in activities:
            if activity.status == Status.APPROVED and not activity.has_pending_changes:
                assert activity.approved_snapshot == reviewable_content(activity)
            if not activity.approved_at:
                assert activity.approved_snapshot == {}


def test_demo_organiser_has_one_activity_in_each_step(demo):
    organiser = User.objects.get(email=ORGANISER_EMAIL)
    mine = Activity.objects.of_user(organiser).in_edition(Edition.objects.current())
    statuses = Counter(mine.values_list("status", flat=True))
    assert statuses[Status.DRAFT] >= 1
    assert statuses[Status.SUBMITTED] >= 1
    assert statuses[Status.CHANGES_REQUESTED] >= 1
    assert statuses[Status.APPROVED] >= 2
    assert mine.filter(status=Status.APPROVED, signup_mode=SignupMode.PLATFORM).exists()
    assert set(mine.values_list("organisation__name", flat=True)) == {
        "Linköpings kommun",
        "Region Östergötland",
    }
    changes_requested = mine.get(status=Status.CHANGES_REQUESTED)
    assert changes_requested.log.last().comment.startswith("Tack för en intressant anmälan!")


def test_demo_earlier_editions_are_held_recorded_and_archived(demo):
    for edition in Edition.objects.archived():
        activities = in_edition(edition)
        assert set(activities.values_list("status", flat=True)) == {
            Status.APPROVED,
            Status.CANCELLED,
        }
        assert not activities.filter(has_pending_changes=True).exists()
        recorded = activities.exclude(recording_url="")
        assert recorded.count() >= 0.7 * activities.count()
        assert all(
            url.startswith(f"https://play.example.org/innovationsveckan/{edition.year}/")
            for url in recorded.values_list("recording_url", flat=True)
        )
        assert not recorded.filter(status=Status.CANCELLED).exists()
        assert Material.objects.filter(activity__edition=edition).count() >= 10
        assert activities.filter(approved_at__lt=edition.program_published_at).count() == (
            activities.count()
        )


def test_demo_program_is_published(demo):
    current = Edition.objects.current()
    published = Activity.objects.published().in_edition(current)
    assert (
        published.count()
        == in_edition(current).filter(status__in=[Status.APPROVED, Status.CANCELLED]).count()
    )
    assert published.count() >= 100


def test_demo_pictures_are_reencoded_webp_with_alt_texts(demo):
    pictured = Activity.objects.exclude(image="")
    assert 8 <= pictured.count() <= 10
    assert len(set(pictured.values_list("image_alt", flat=True))) == pictured.count()
    for activity in pictured:
        assert activity.status in (Status.APPROVED, Status.CANCELLED)
        assert activity.image_alt.endswith(".")
        with default_storage.open(activity.image.name) as file, Image.open(file) as picture:
            assert picture.format == "WEBP"
            assert picture.size == (960, 540)
            assert not picture.info.get("exif")


def _digest() -> str:
    rows = Activity.objects.order_by("slug").values_list(
        "slug", "title", "starts_at", "status", "organisation__name", "municipality"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_demo_is_the_same_every_time_it_is_made_on_the_same_day(demo, settings):
    first = _digest()
    year = Edition.objects.current().year
    handwritten = Activity.objects.get(
        slug=f"ai-stod-i-hemtjansten-erfarenheter-fran-linkoping-{year}"
    )
    assert handwritten.title == "AI-stöd i hemtjänsten – erfarenheter från Linköping"

    # PostgreSQL refuses to TRUNCATE tables with deferred foreign-key checks still pending.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    load_reference_data(County, Municipality)  # flush empties the reference tables too
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())

    assert Activity.objects.count() >= 280
    assert _digest() == first


def test_demo_current_edition_has_participants_and_never_more_than_the_capacity(demo):
    current = Edition.objects.current()
    with_signup = Activity.objects.filter(
        edition=current, status=Status.APPROVED, signup_mode=SignupMode.PLATFORM
    )
    signups = SignUp.objects.filter(activity__edition=current)
    assert signups.count() >= 1000
    assert set(signups.values_list("activity", flat=True)) == set(
        with_signup.values_list("pk", flat=True)
    )
    statuses = Counter(signups.values_list("status", flat=True))
    # Pending sign-ups come of one network's flood of unconfirmed ones, which the demo has none of.
    assert set(statuses) == set(SignUp.Status.values) - {SignUp.Status.PENDING}
    assert statuses[SignUp.Status.CONFIRMED] > 0.7 * signups.count()
    assert 0.1 <= signups.filter(no_photo=True).count() / signups.count() <= 0.2
    assert all(email.endswith("@example.org") for email in signups.values_list("email", flat=True))

    seats = dict(
        with_signup.annotate(
            taken=Count("signups", filter=Q(signups__status__in=SEAT_STATUSES))
        ).values_list("pk", "taken")
    )
    now = timezone.now()
    for activity in with_signup.prefetch_related("signups"):
        rows = list(activity.signups.all())
        assert seats[activity.pk] <= activity.capacity
        waiting = sorted(
            (s for s in rows if s.status == SignUp.Status.WAITING),
            key=lambda s: (s.created_at, s.pk),
        )
        if waiting:
            # A queue only forms when every seat is taken, and it came after the seats went.
            assert seats[activity.pk] == activity.capacity
            assert all(s.created_at < waiting[0].created_at for s in rows if s.has_seat)
        for signup in rows:
            assert current.program_published_at <= signup.created_at < now
            if signup.status in (SignUp.Status.CONFIRMED, SignUp.Status.WAITING):
                assert signup.confirmed_at <= signup.hold_expires_at
            if signup.status == SignUp.Status.HELD:
                assert signup.hold_expires_at > now  # still held, not yet let go
    full = [a for a in with_signup if a.signups.waiting().exists()]
    assert len(full) >= 3


def test_demo_organiser_has_participants_with_a_waiting_list_and_a_photo_opt_out(demo, client):
    organiser = User.objects.get(email=ORGANISER_EMAIL)
    activity = (
        Activity.objects.of_user(organiser)
        .in_edition(Edition.objects.current())
        .get(status=Status.APPROVED, signup_mode=SignupMode.PLATFORM)
    )
    assert activity.signups.with_seat().count() == activity.capacity
    assert activity.signups.waiting().count() >= 3
    assert activity.signups.filter(status=SignUp.Status.CONFIRMED, no_photo=True).exists()
    assert activity.participant_messages.count() == 1

    client.force_login(organiser)
    page = client.get(f"/mina-aktiviteter/{activity.pk}/deltagare/").content.decode()
    assert "Väntelista (" in page
    assert "Vill inte synas på bild" in page


def test_demo_earlier_editions_have_attendance_reports(demo):
    for edition in Edition.objects.archived():
        held = in_edition(edition).filter(status=Status.APPROVED)
        reports = Attendance.objects.filter(activity__edition=edition).select_related("activity")
        assert 0.7 * held.count() <= reports.count() <= held.count()
        assert not reports.filter(activity__status=Status.CANCELLED).exists()
        for report in reports:
            activity = report.activity
            assert report.reported_at > activity.ends_at
            assert report.reported_by.organisations.filter(pk=activity.organisation_id).exists()
            if activity.format == Format.PHYSICAL:
                assert report.online == 0 < report.in_person
            elif activity.format == Format.DIGITAL:
                assert report.in_person == 0 < report.online
            else:
                assert report.in_person > 0
                assert report.online > 0
            if activity.capacity and activity.format != Format.DIGITAL:
                assert report.in_person <= activity.capacity
    assert not Attendance.objects.filter(activity__edition=Edition.objects.current()).exists()


def test_demo_current_award_has_criteria_jurors_and_nominations_in_every_status(demo):
    award = Award.objects.get(edition=Edition.objects.current())
    now = timezone.now()
    assert award.name == "Lätt att sprida-priset"
    assert award.nominations_close < now
    assert not award.is_nominating(now)
    assert timezone.localtime(award.vote_open).date() == award.edition.starts_on
    assert timezone.localtime(award.vote_close).date() == award.edition.ends_on
    assert list(award.criteria.values_list("name", "weight")) == [
        ("Spridningsbarhet", 3),
        ("Nytta", 2),
        ("Nyskapande", 1),
    ]
    jurors = set(award.jurors.values_list("user__email", flat=True))
    assert len(jurors) == 3
    assert COORDINATOR_EMAIL in jurors
    statuses = Counter(award.nominations.values_list("status", flat=True))
    assert statuses.keys() == {"submitted", "accepted", "rejected", "shortlisted"}
    assert statuses["shortlisted"] == 4
    assert 9 <= sum(statuses.values()) <= 11
    for nomination in award.nominations.select_related("organisation"):
        assert nomination.organisation.kind in award.edition.public_party_kinds
        assert award.nominations_open <= nomination.created_at < award.nominations_close
    conflict = ConflictOfInterest.objects.get(nomination__award=award)
    assert not Score.objects.filter(juror=conflict.juror, nomination=conflict.nomination).exists()
    scored = set(
        Score.objects.filter(nomination__award=award).values_list("nomination__status", flat=True)
    )
    assert scored == {"accepted", "shortlisted"}
    assert all(result.average is not None for result in awards.weighted_results(award))
    if award.vote_open > now:
        assert not award.votes.exists()


def test_demo_earlier_awards_are_decided_with_one_winner_each(demo):
    for edition in Edition.objects.archived():
        award = Award.objects.get(edition=edition)
        assert awards.results_visible(award)
        assert award.nominations.filter(status=Nomination.Status.WINNER).count() == 1
        assert awards.winner(edition).award == award
        assert award.votes.filter(confirmed_at__isnull=False).exists()
        assert award.votes.filter(confirmed_at__isnull=True).exists()
    assert [w.award.edition for w in awards.earlier_winners(Edition.objects.current())] == list(
        Edition.objects.archived()
    )


def test_demo_counts_only_confirmed_votes(demo):
    for award in Award.objects.all():
        confirmed = Counter(
            Vote.objects.filter(award=award, confirmed_at__isnull=False).values_list(
                "nomination_id", flat=True
            )
        )
        counts = awards.vote_counts(award)
        assert {n.pk: count for n, count in counts if count} == dict(confirmed)
        assert sum(count for _n, count in counts) == sum(confirmed.values())
        assert all(v.email.endswith("@example.org") for v in award.votes.all())


def test_seed_demo_adds_many_published_activities_on_request(demo):
    current = Edition.objects.current()
    earlier = Edition.objects.exclude(pk=current.pk)
    before_current = Activity.objects.published().filter(edition=current).count()
    before_earlier = Activity.objects.published().filter(edition__in=earlier).count()
    known = set(Activity.objects.values_list("pk", flat=True))

    call_command("seed_demo", activities=50, archive=30, stdout=StringIO())

    published = Activity.objects.published()
    assert published.filter(edition=current).count() == before_current + 50
    assert published.filter(edition__in=earlier).count() == before_earlier + 30
    added = Activity.objects.exclude(pk__in=known).with_related().order_by("pk")
    assert added.count() == 80
    assert set(added.values_list("status", flat=True)) == {Status.APPROVED}
    for activity in list(added)[::8]:
        activity.full_clean()
        assert activity.has_public_party(), activity.title
        assert activity.contacts.exists()
        assert activity.focus_areas.exists()
        assert activity.tags.exists()
    # The snapshots are made from memory; they are what reviewers would have seen.
    with translation.override("sv"):
        for activity in added:
            assert activity.approved_snapshot == reviewable_content(activity), activity.title
    sample = added.first()
    word = max(re.findall(r"\w+", sample.title), key=len)
    [stem] = search.stems(word)
    title_words, _summary, _rest = search.documents(Activity.objects.filter(pk=sample.pk))[
        sample.pk
    ]
    assert stem in title_words.split()


def test_demo_organisations_are_verified_but_the_last_few(demo):
    unverified = Organisation.objects.filter(verified_at__isnull=True)
    assert sorted(unverified.values_list("name", flat=True)) == sorted(
        name for name, _kind, _home in ORGANISATIONS[-2:]
    )


def test_demo_has_kronobergs_innovationsvecka_with_the_countys_activities(demo, client):
    collection = Collection.objects.get(slug="kronoberg")
    activities = collection.activities()
    assert collection.edition.is_current
    assert activities.exists()
    assert set(activities.values_list("municipality__county_id", flat=True)) == {"07"}
    response = client.get("/program/samlingar/kronoberg/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == activities.count()
