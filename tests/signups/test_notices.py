"""Participants hear of every change: cancellation, postponement, a new time, place, format or
stream link. One email each to everyone confirmed, holding a seat or waiting, in their language,
before and now side by side, their personal link and a calendar file that replaces the old entry
(same UID, raised SEQUENCE, STATUS:CANCELLED when cancelled). Nobody is told twice."""

from datetime import timedelta

import icalendar
import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import make_signup_activity
from veckan.activities import changes
from veckan.activities import services as activities
from veckan.activities.models import Activity, EventStatus
from veckan.activities.services import ActivityParts
from veckan.outbox.models import OutboxMessage
from veckan.signups import notices, services
from veckan.signups.models import Notice, SignUp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _cast(activity) -> dict[str, SignUp]:
    """Confirmed Anna (Swedish), confirmed Bo (English), Cem holding a seat, Dana waiting, Eva
    cancelled: who is told of a change and who is not."""
    people = {}
    for key, language in (("anna", "sv"), ("bo", "en"), ("cem", "sv")):
        people[key] = services.sign_up(
            activity=activity, name=key.title(), email=f"{key}@example.se", language=language
        )
    services.confirm(signup=people["anna"])
    services.confirm(signup=people["bo"])
    people["dana"] = services.sign_up(
        activity=activity, name="Dana", email="dana@example.se", language="en"
    )
    assert people["dana"].status == SignUp.Status.WAITING
    eva = services.sign_up(activity=activity, name="Eva", email="eva@example.se")
    services.cancel(signup=eva)
    for signup in people.values():
        signup.refresh_from_db()
    OutboxMessage.objects.all().delete()
    return people


def _mails() -> dict[str, OutboxMessage]:
    return {mail.to[0]: mail for mail in OutboxMessage.objects.order_by("pk")}


def _event(mail: OutboxMessage) -> icalendar.Event:
    [attachment] = [a for a in mail.attachments if a["mimetype"] == "text/calendar"]
    assert attachment["filename"].endswith(".ics")
    return icalendar.Calendar.from_ical(attachment["content"]).events[0]


@pytest.fixture
def activity(organisation):
    return make_signup_activity(
        organisation, capacity=3, title="Innovationsfika", title_en="Innovation coffee"
    )


def test_cancellation_tells_everyone_signed_up_once_in_their_language(activity, owner):
    people = _cast(activity)
    activities.cancel_activity(activity=activity, by=owner, reason="Föreläsaren är sjuk.")

    mails = _mails()
    told = {"anna@example.se", "bo@example.se", "cem@example.se", "dana@example.se"}
    members = {"agare@kommun.example.se", "kollega@kommun.example.se"}
    assert set(mails) == told | members  # Eva, who had cancelled, hears nothing
    anna, bo = mails["anna@example.se"], mails["bo@example.se"]
    assert anna.subject == "Inställd: Innovationsfika"
    assert "Aktiviteten du är anmäld till är inställd." in anna.body
    assert "Föreläsaren är sjuk." in anna.body
    assert f"/anmalan/{people['anna'].token}/" in anna.body
    assert bo.subject == "Cancelled: Innovation coffee"
    assert "The activity you signed up for has been cancelled." in bo.body
    assert f"/en/anmalan/{people['bo'].token}/" in bo.body
    for address in told:
        event = _event(mails[address])
        assert str(event["uid"]) == f"activity-{activity.pk}@innovationsveckan.se"
        assert (str(event["status"]), int(event["sequence"])) == ("CANCELLED", 1)
    assert str(_event(bo)["summary"]) == "Cancelled: Innovation coffee"
    assert Notice.objects.filter(kind="cancelled", sequence=1).count() == 4

    # The same change announced again reaches nobody a second time.
    stored = Activity.objects.get()
    snapshot = changes.snapshot(stored)
    assert (
        notices.notify_participants(
            activity=stored, kind=Notice.Kind.CANCELLED, before=snapshot, after=snapshot
        )
        == 0
    )
    assert OutboxMessage.objects.count() == len(told | members)


def test_approved_change_of_time_and_place_shows_before_and_now(activity, owner, coordinator):
    people = _cast(activity)
    old_start = activity.starts_at
    activity.starts_at += timedelta(days=1, hours=4)
    activity.ends_at += timedelta(days=1, hours=4)
    activity.venue = "Konsert & Kongress"
    assert activities.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    assert not Notice.objects.exists()  # nothing is told until the change is approved
    participants = {"anna@example.se", "bo@example.se", "cem@example.se", "dana@example.se"}
    assert not participants & set(_mails())

    activities.approve_activity(activity=Activity.objects.get(), reviewer=coordinator)
    stored = Activity.objects.get()
    assert (stored.sequence, stored.event_status) == (1, EventStatus.RESCHEDULED)
    mails = _mails()
    assert participants <= set(mails)
    anna, bo = mails["anna@example.se"], mails["bo@example.se"]
    assert anna.subject == "Ändrad: Innovationsfika"
    assert (
        "Tid\n  Förut: tisdag 5 oktober 2027, 09:00–11:00\n  Nu: onsdag 6 oktober 2027, 13:00–15:00"
        in anna.body
    )
    assert (
        "Plats\n  Förut: Stadshuset, Drottninggatan 45, Linköping\n  Nu: Konsert & Kongress, Drottninggatan 45, Linköping"
        in anna.body
    )
    assert bo.subject == "Changed: Innovation coffee"
    assert (
        "Time\n  Before: Tuesday 5 October 2027, 09:00–11:00\n  Now: Wednesday 6 October 2027, 13:00–15:00"
        in bo.body
    )
    assert f"/en/anmalan/{people['bo'].token}/" in bo.body
    event = _event(anna)
    assert (str(event["status"]), int(event["sequence"])) == ("CONFIRMED", 1)
    assert event.decoded("dtstart") == stored.starts_at
    assert event.decoded("dtstart") != old_start


def test_new_stream_link_goes_to_the_confirmed_only(organisation, owner):
    activity = make_signup_activity(
        organisation,
        capacity=3,
        format="digital",
        municipality=None,
        venue="",
        address="",
        stream_url="https://teams.example.se/gammal",
    )
    _cast(activity)
    activity.stream_url = "https://teams.example.se/ny"
    assert not activities.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    mails = _mails()
    anna, dana = mails["anna@example.se"], mails["dana@example.se"]
    assert "Nu: https://teams.example.se/ny" in anna.body
    assert "https://teams.example.se/ny" in _event(anna)["location"]
    assert "https://teams.example.se/ny" not in dana.body + dana.attachments[0]["content"]
    assert "New link. You will get it once your place is confirmed." in dana.body
    assert Activity.objects.get().sequence == 1


def test_postponing_tells_participants_and_marks_the_calendar_tentative(activity, owner):
    _cast(activity)
    activities.postpone_activity(activity=activity, by=owner, reason="Lokalen är vattenskadad.")
    stored = Activity.objects.get()
    assert (stored.event_status, stored.event_status_now) == ("postponed", "postponed")
    anna = _mails()["anna@example.se"]
    assert anna.subject == "Uppskjuten: Innovationsfika"
    assert "Den nya tiden är inte bestämd än. Din anmälan gäller" in anna.body
    event = _event(anna)
    assert (str(event["status"]), int(event["sequence"])) == ("TENTATIVE", 1)


def test_cancel_page_says_how_many_are_told_and_shows_the_email(client, activity, owner):
    _cast(activity)
    client.force_login(owner)
    url = f"/mina-aktiviteter/{activity.pk}/stall-in/"
    page = client.get(url).content.decode()
    assert "4 anmälda personer får ett mejl om att aktiviteten är inställd" in page
    assert "Inställd: Innovationsfika" in page
    assert "Hej [namn]!" in page
    assert "[personlig länk]" in page
    preview = client.post(url, {"reason": "Föreläsaren är sjuk.", "preview": "1"})
    assert "Föreläsaren är sjuk." in preview.content.decode()
    assert Activity.objects.get().status == "approved"
    assert not OutboxMessage.objects.exists()


def test_confirmation_carries_the_calendar_with_the_join_link(organisation):
    activity = make_signup_activity(
        organisation, format="hybrid", stream_url="https://teams.example.se/mote"
    )
    signup = services.sign_up(activity=activity, name="Bo", email="bo@example.se", language="en")
    [confirm] = OutboxMessage.objects.all()
    assert confirm.attachments == []  # no calendar before the place is confirmed
    services.confirm(signup=signup)
    mail = OutboxMessage.objects.latest("pk")
    event = _event(mail)
    [qr] = [a for a in mail.attachments if a["mimetype"] == "image/svg+xml"]
    assert qr["filename"] == "incheckning.svg"  # the check-in QR code, to show at the door
    assert qr["content"].startswith("<svg")
    assert "https://teams.example.se/mote" in str(event["description"])
    assert int(event["sequence"]) == 0
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in mail.body
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in mail.body
    assert "teams.example.se%2Fmote" in mail.body  # the join link is in the calendar links too


def test_digital_activities_get_a_reminder_an_hour_before_once(organisation):
    # At noon tomorrow: near midnight "in 50 minutes" would also be tomorrow, and the day-before
    # reminder would be due as well.
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    now = noon + timedelta(days=1)
    soon = now + timedelta(minutes=50)
    digital = make_signup_activity(
        organisation,
        format="digital",
        municipality=None,
        venue="",
        address="",
        stream_url="https://teams.example.se/mote",
    )
    physical = make_signup_activity(organisation)
    for activity in (digital, physical):
        Activity.objects.filter(pk=activity.pk).update(
            starts_at=soon, ends_at=soon + timedelta(hours=1)
        )
        services.confirm(
            signup=services.sign_up(activity=activity, name="Anna", email="anna@example.se")
        )
    OutboxMessage.objects.all().delete()
    assert services.send_reminders(now=now) == 1
    assert services.send_reminders(now=now) == 0
    [mail] = OutboxMessage.objects.all()
    assert mail.subject.startswith("Snart börjar det")
    signup = SignUp.objects.get(activity=digital)
    # through Veckan, so opening it checks the participant in
    assert f"Anslut här:\nhttp://127.0.0.1:8000/anmalan/{signup.token}/delta/" in mail.body
    assert SignUp.objects.get(activity=digital).reminded_soon_at is not None
    assert SignUp.objects.get(activity=physical).reminded_soon_at is None


def test_organiser_postpones_from_mina_aktiviteter_and_everyone_signed_up_is_told(
    client, activity, owner
):
    _cast(activity)
    client.force_login(owner)
    mine = client.get("/mina-aktiviteter/").content.decode()
    url = f"/mina-aktiviteter/{activity.pk}/skjut-upp/"
    assert f'href="{url}"' in mine
    page = client.get(url).content.decode()
    assert "4 anmälda personer får ett mejl om att aktiviteten är uppskjuten" in page
    assert "Uppskjuten: Innovationsfika" in page
    preview = client.post(url, {"reason": "Lokalen är vattenskadad.", "preview": "1"})
    assert "Lokalen är vattenskadad." in preview.content.decode()
    assert not OutboxMessage.objects.exists()

    missing = client.post(url, {"reason": " "})
    assert "Skriv varför aktiviteten skjuts upp" in missing.content.decode()
    assert Activity.objects.get().event_status == EventStatus.SCHEDULED

    done = client.post(url, {"reason": "Lokalen är vattenskadad."}, follow=True)
    assert "”Innovationsfika” är uppskjuten." in done.content.decode()
    assert f'href="{url}"' not in done.content.decode()  # postponed once, not twice
    stored = Activity.objects.get()
    assert (stored.event_status, stored.postponement_reason) == (
        EventStatus.POSTPONED,
        "Lokalen är vattenskadad.",
    )
    anna = _mails()["anna@example.se"]
    assert "Arrangörens förklaring:\nLokalen är vattenskadad." in anna.body
    assert {"anna@example.se", "bo@example.se", "cem@example.se", "dana@example.se"} <= set(
        _mails()
    )
    public = client.get(stored.get_absolute_url()).content.decode()
    assert "Lokalen är vattenskadad." in public


def test_a_new_time_for_a_postponed_activity_reschedules_it_and_drops_the_reason(
    activity, owner, coordinator
):
    _cast(activity)
    activities.postpone_activity(activity=activity, by=owner, reason="Lokalen är vattenskadad.")
    activity = Activity.objects.get()
    activity.starts_at += timedelta(days=14)
    activity.ends_at += timedelta(days=14)
    assert activities.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    activities.approve_activity(activity=Activity.objects.get(), reviewer=coordinator)
    stored = Activity.objects.get()
    assert (stored.event_status, stored.postponement_reason) == (EventStatus.RESCHEDULED, "")
    assert stored.sequence == 2


def test_cancel_page_offers_postponing_instead(client, activity, owner):
    client.force_login(owner)
    page = client.get(f"/mina-aktiviteter/{activity.pk}/stall-in/").content.decode()
    assert f'<a class="ds-link" href="/mina-aktiviteter/{activity.pk}/skjut-upp/">' in page
