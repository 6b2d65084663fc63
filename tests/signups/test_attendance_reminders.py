"""Organisers get a reminder to report attendance a few days after their activity: once, to every
member of the main organisation, in their language, only when nobody has reported and the activity
took place."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_activity, make_edition
from veckan.activities.models import Activity, EventStatus, Status
from veckan.outbox.models import OutboxMessage
from veckan.signups import services
from veckan.signups.models import Attendance, AttendanceReminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(organisation):
    edition = make_edition(timezone.localdate().year - 1)
    return make_activity(edition, organisation, status=Status.APPROVED, title="Innovationsfika")


def mails() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.order_by("pk"))


def days_after(activity, days: float):
    return activity.ends_at + timedelta(days=days)


def test_the_organisers_are_reminded_once_n_days_after_the_activity(
    settings, activity, owner, colleague
):
    settings.ATTENDANCE_REMINDER_DAYS = 3
    settings.SITE_URL = "https://veckan.example.se"
    assert services.send_attendance_reminders(now=days_after(activity, 2.9)) == 0
    assert not mails()

    assert services.send_attendance_reminders(now=days_after(activity, 3)) == 1
    assert sorted(mail.to[0] for mail in mails()) == sorted([owner.email, colleague.email])
    mail = mails()[0]
    assert mail.subject == "Hur många kom? Rapportera närvaron: Innovationsfika"
    assert "”Innovationsfika”" in mail.body
    link = f"https://veckan.example.se/mina-aktiviteter/{activity.pk}/deltagare/narvaro/"
    assert f"Rapportera närvaron:\n{link}\n" in mail.body
    assert AttendanceReminder.objects.get(activity=activity).sent_at == days_after(activity, 3)

    # The next day's run (and any later one) sends nothing more.
    assert services.send_attendance_reminders(now=days_after(activity, 4)) == 0
    assert len(mails()) == 2


def test_an_english_speaking_member_gets_it_in_english(settings, activity, owner, colleague):
    colleague.language = "en"
    colleague.save()
    services.send_attendance_reminders(now=days_after(activity, settings.ATTENDANCE_REMINDER_DAYS))
    [english] = [mail for mail in mails() if mail.to == [colleague.email]]
    assert english.subject == "How many came? Report the attendance: Innovationsfika"
    assert f"/en/mina-aktiviteter/{activity.pk}/deltagare/narvaro/" in english.body


def test_no_reminder_once_attendance_is_reported(settings, activity, owner):
    Attendance.objects.create(activity=activity, in_person=20, online=4, reported_by=owner)
    assert services.send_attendance_reminders(now=days_after(activity, 5)) == 0
    assert not mails()


@pytest.mark.parametrize(
    "change",
    [
        {"status": Status.CANCELLED},
        {"status": Status.DRAFT},
        {"event_status": EventStatus.POSTPONED},
    ],
)
def test_no_reminder_for_an_activity_that_did_not_take_place(activity, change):
    Activity.objects.filter(pk=activity.pk).update(**change)
    assert services.send_attendance_reminders(now=days_after(activity, 5)) == 0
    assert not mails()


def test_no_reminder_about_activities_long_past(activity):
    # The first run after going live does not write about every activity of earlier years.
    long_after = days_after(activity, 3) + services.ATTENDANCE_REMINDER_WINDOW
    assert services.send_attendance_reminders(now=long_after) == 0
    assert not mails()


def test_an_inactive_member_gets_no_reminder(activity, owner, colleague):
    colleague.is_active = False
    colleague.save()
    services.send_attendance_reminders(now=days_after(activity, 3))
    assert [mail.to for mail in mails()] == [[owner.email]]


def test_the_daily_command_sends_them_and_a_second_run_sends_nothing(settings, activity):
    settings.ATTENDANCE_REMINDER_DAYS = 3
    ended = timezone.now() - timedelta(days=3, hours=1)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=ended - timedelta(hours=2), ends_at=ended
    )
    out = io.StringIO()
    call_command("send_attendance_reminders", stdout=out)
    assert "Reminded the organisers of 1 activities ended 3 days ago." in out.getvalue()
    assert len(mails()) == 2  # the cast's organisation has two members
    call_command("send_attendance_reminders", stdout=out)
    assert len(mails()) == 2
