"""Sign-up rules: capacity, waiting list in order, double opt-in, holds that expire, reminders."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from tests.factories import make_signup_activity
from veckan.outbox.models import OutboxMessage
from veckan.signups import services
from veckan.signups.models import SignUp
from veckan.signups.services import SignUpError

pytestmark = pytest.mark.django_db
Status = SignUp.Status


@pytest.fixture
def activity(organisation):
    return make_signup_activity(organisation, capacity=2)


def join(activity, n: int, **kwargs) -> SignUp:
    return services.sign_up(
        activity=activity, name=f"Person {n}", email=f"person{n}@example.se", **kwargs
    )


def statuses(activity) -> list[tuple[str, str]]:
    return list(activity.signups.order_by("created_at", "pk").values_list("email", "status"))


def test_sign_up_holds_a_seat_and_mails_the_confirmation_link(activity):
    signup = join(activity, 1, organisation="Region Norr", no_photo=True)
    assert signup.status == Status.HELD
    assert signup.hold_expires_at == signup.created_at + timedelta(minutes=30)
    message = OutboxMessage.objects.get()
    assert message.to == ["person1@example.se"]
    assert message.subject == f"Bekräfta din anmälan: {activity.title}"
    assert f"/anmalan/{signup.token}/bekrafta/" in message.body
    assert f"/anmalan/{signup.token}/" in message.body


def test_sign_up_beyond_capacity_joins_the_waiting_list_in_order(activity):
    for n in range(1, 6):
        join(activity, n)
    assert statuses(activity) == [
        ("person1@example.se", Status.HELD),
        ("person2@example.se", Status.HELD),
        ("person3@example.se", Status.WAITING),
        ("person4@example.se", Status.WAITING),
        ("person5@example.se", Status.WAITING),
    ]
    assert "fullbokad" in OutboxMessage.objects.filter(to=["person3@example.se"]).get().body


def test_confirm_makes_the_seat_the_persons_own(client, activity):
    signup = join(activity, 1)
    page = client.get(f"/anmalan/{signup.token}/bekrafta/")
    assert "Bekräfta anmälan" in page.content.decode()
    assert SignUp.objects.get().status == Status.HELD  # a GET (a mail scanner) confirms nothing
    client.post(f"/anmalan/{signup.token}/bekrafta/")
    signup.refresh_from_db()
    assert signup.status == Status.CONFIRMED
    assert signup.confirmed_at is not None
    assert OutboxMessage.objects.filter(subject__startswith="Du är anmäld").count() == 1


def test_confirmed_participants_of_digital_activities_get_the_stream_link(organisation):
    digital = make_signup_activity(
        organisation,
        format="digital",
        municipality=None,
        venue="",
        address="",
        stream_url="https://meet.example.se/rum-42",
    )
    signup = join(digital, 1)
    assert "rum-42" not in OutboxMessage.objects.get().body  # not before confirming
    services.confirm(signup=signup)
    mail = OutboxMessage.objects.get(subject__startswith="Du är anmäld")
    assert f"/anmalan/{signup.token}/delta/" in mail.body  # through Veckan, to check them in
    assert "meet.example.se%2Frum-42" in mail.body  # and itself in the calendar links


def test_unconfirmed_hold_expires_and_frees_the_seat_for_the_waiting_list(activity):
    first, second, third = join(activity, 1), join(activity, 2), join(activity, 3)
    services.confirm(signup=second)
    services.confirm(signup=third)  # confirmed while waiting: stays waiting
    assert SignUp.objects.get(pk=third.pk).status == Status.WAITING
    later = timezone.now() + timedelta(minutes=31)
    assert services.release_expired_holds(now=later) == 1
    assert statuses(activity) == [
        ("person1@example.se", Status.EXPIRED),
        ("person2@example.se", Status.CONFIRMED),
        ("person3@example.se", Status.CONFIRMED),
    ]
    assert (
        OutboxMessage.objects.filter(
            to=["person3@example.se"], subject__startswith="Du har fått en plats"
        ).count()
        == 1
    )
    with pytest.raises(SignUpError, match="har gått ut"):
        services.confirm(signup=first, now=later)


def test_cancel_promotes_the_first_waiting_person_in_the_same_transaction(activity):
    first, _second, third, _fourth = (join(activity, n) for n in range(1, 5))
    services.confirm(signup=first)
    promoted = services.cancel(signup=first)
    assert [p.email for p in promoted] == ["person3@example.se"]
    assert statuses(activity) == [
        ("person1@example.se", Status.CANCELLED),
        ("person2@example.se", Status.HELD),
        ("person3@example.se", Status.HELD),  # promoted, still to confirm its address
        ("person4@example.se", Status.WAITING),
    ]
    assert SignUp.objects.get(pk=third.pk).promoted_at is not None
    assert services.cancel(signup=first) == []  # cancelling twice changes nothing


def test_capacity_is_never_exceeded_by_repeated_sign_ups(activity):
    for n in range(20):
        join(activity, n)
    assert activity.signups.with_seat().count() == 2


def test_one_sign_up_per_email_and_activity(activity):
    first = join(activity, 1)
    again = services.sign_up(activity=activity, name="Igen", email=" PERSON1@example.se ")
    assert again.pk == first.pk
    assert activity.signups.count() == 1
    assert list(OutboxMessage.objects.order_by("pk").values_list("subject", flat=True)) == [
        f"Bekräfta din anmälan: {activity.title}",
        f"Din anmälan: {activity.title}",
    ]
    with pytest.raises(IntegrityError):
        SignUp.objects.create(
            activity=activity, name="Dubblett", email="person1@example.se", status=Status.HELD
        )


def test_sign_up_again_after_cancelling_reuses_the_row(activity):
    signup = join(activity, 1)
    services.cancel(signup=signup)
    again = join(activity, 1)
    assert again.pk == signup.pk
    assert again.status == Status.HELD
    assert again.token != signup.token


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"signup_deadline_in": -1}, "Anmälan till aktiviteten har stängt."),
        ({"signup_mode": "none"}, "Det går inte att anmäla sig till aktiviteten här."),
        ({"status": "cancelled"}, "Aktiviteten är inställd."),
        ({"status": "submitted"}, "Aktiviteten finns inte i programmet."),
    ],
)
def test_sign_up_refused_when_closed(activity, fields, message):
    if "signup_deadline_in" in fields:
        activity.signup_deadline = timezone.now() + timedelta(
            hours=fields.pop("signup_deadline_in")
        )
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    with pytest.raises(SignUpError, match=re.escape(message)):
        join(activity, 1)
    assert not SignUp.objects.exists()


def test_reminders_go_out_once_the_day_before(organisation):
    tomorrow = timezone.localdate() + timedelta(days=1)
    activity = make_signup_activity(organisation)
    activity.starts_at = timezone.make_aware(
        timezone.datetime.combine(tomorrow, timezone.datetime.min.time())
    ) + timedelta(hours=9)
    activity.ends_at = activity.starts_at + timedelta(hours=2)
    activity.save()
    confirmed, unconfirmed = join(activity, 1), join(activity, 2)
    services.confirm(signup=confirmed)
    call_command("send_signup_reminders")
    call_command("send_signup_reminders")
    reminders = OutboxMessage.objects.filter(subject__startswith="Påminnelse")
    assert [m.to for m in reminders] == [["person1@example.se"]]
    assert SignUp.objects.get(pk=unconfirmed.pk).reminded_at is None


def test_every_email_carries_the_personal_link(activity):
    first, second = join(activity, 1), join(activity, 2)
    join(activity, 3)
    services.confirm(signup=first)
    services.cancel(signup=first)  # promotes person 3
    services.confirm(signup=second)
    for message in OutboxMessage.objects.all():
        signup = SignUp.objects.get(email=message.to[0])
        assert f"/anmalan/{signup.token}/" in message.body, message.subject
