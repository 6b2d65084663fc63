"""Sign-up to an activity run as a series is per occasion: each occasion has its own seats, its own
waiting list and one sign-up per address; its participants are told when it changes or is taken out,
and nobody else is."""

from datetime import timedelta

import icalendar
import pytest
from django.core.cache import cache

from tests.factories import make_series, make_user
from veckan.activities import services as activities
from veckan.activities.models import Activity, Occasion
from veckan.outbox.models import OutboxMessage
from veckan.signups import services
from veckan.signups.models import Notice, SignUp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _sign_up(activity, occasion, who: str) -> SignUp:
    return services.sign_up(
        activity=activity, occasion=occasion, name=who.title(), email=f"{who}@example.se"
    )


def test_series_sign_up_asks_which_occasion(organisation):
    activity, _occasions = make_series(organisation)

    with pytest.raises(services.SignUpError) as refused:
        services.sign_up(activity=activity, name="Anna", email="anna@example.se")

    assert str(refused.value) == "Välj vilket tillfälle du vill anmäla dig till."
    assert SignUp.objects.count() == 0


def test_series_sign_up_refuses_another_activitys_occasion(organisation):
    activity, _occasions = make_series(organisation)
    _other, (elsewhere, *_rest) = make_series(organisation)

    with pytest.raises(services.SignUpError) as refused:
        _sign_up(activity, elsewhere, "anna")

    assert str(refused.value) == "Välj ett av aktivitetens tillfällen."


def test_series_seats_and_waiting_list_are_per_occasion(organisation):
    activity, (monday, tuesday, _wednesday) = make_series(organisation, capacity=2)

    on_monday = [_sign_up(activity, monday, who) for who in ("anna", "bo", "cem")]
    on_tuesday = _sign_up(activity, tuesday, "dana")

    assert [s.status for s in on_monday] == ["held", "held", "waiting"]
    assert on_tuesday.status == "held"
    counted = {o.pk: o for o in Occasion.objects.with_seat_counts()}
    assert (counted[monday.pk].seats_taken, counted[monday.pk].seats_waiting) == (2, 1)
    assert (counted[tuesday.pk].seats_taken, counted[tuesday.pk].seats_waiting) == (1, 0)


def test_series_occasion_with_seats_of_its_own(organisation):
    activity, (monday, _tuesday, _wednesday) = make_series(organisation, capacity=2)
    Occasion.objects.filter(pk=monday.pk).update(capacity=1)

    first, second = _sign_up(activity, monday, "anna"), _sign_up(activity, monday, "bo")

    assert (first.status, second.status) == ("held", "waiting")


def test_series_one_sign_up_per_address_and_occasion(organisation):
    activity, (monday, tuesday, _wednesday) = make_series(organisation)

    first = _sign_up(activity, monday, "anna")
    again = _sign_up(activity, monday, "anna")
    other_day = _sign_up(activity, tuesday, "anna")

    assert again.pk == first.pk
    assert other_day.pk != first.pk
    assert sorted(SignUp.objects.values_list("occasion_id", flat=True)) == [monday.pk, tuesday.pk]


def test_series_cancel_promotes_the_waiting_list_of_that_occasion(organisation):
    activity, (monday, tuesday, _wednesday) = make_series(organisation, capacity=1)
    anna = _sign_up(activity, monday, "anna")
    bo = _sign_up(activity, monday, "bo")
    _sign_up(activity, tuesday, "cem")
    dana = _sign_up(activity, tuesday, "dana")

    promoted = services.cancel(signup=anna)

    assert [s.pk for s in promoted] == [bo.pk]
    dana.refresh_from_db()
    assert dana.status == "waiting"  # Tuesday's seat is still Cem's


def test_series_capacity_is_never_exceeded_per_occasion(organisation):
    activity, (monday, tuesday, _wednesday) = make_series(organisation, capacity=3)

    for n in range(5):
        _sign_up(activity, monday, f"m{n}")
        _sign_up(activity, tuesday, f"t{n}")

    for occasion in (monday, tuesday):
        rows = SignUp.objects.filter(occasion=occasion).order_by("created_at", "pk")
        assert [s.status for s in rows] == ["held"] * 3 + ["waiting"] * 2


def _mails() -> dict[str, OutboxMessage]:
    return {mail.to[0]: mail for mail in OutboxMessage.objects.order_by("pk")}


def test_series_new_time_for_an_occasion_tells_only_its_participants(organisation, owner):
    activity, (monday, tuesday, wednesday) = make_series(organisation)
    anna = _sign_up(activity, monday, "anna")
    services.confirm(signup=anna)
    services.confirm(signup=_sign_up(activity, tuesday, "bo"))
    OutboxMessage.objects.all().delete()
    moved = Occasion.objects.get(pk=monday.pk)
    moved.starts_at += timedelta(hours=1)
    moved.ends_at += timedelta(hours=1)
    activities.save_occasions(
        activity=activity,
        occasions=[
            moved,
            Occasion.objects.get(pk=tuesday.pk),
            Occasion.objects.get(pk=wednesday.pk),
        ],
        editor=owner,
    )
    OutboxMessage.objects.all().delete()  # the organisation's own "sent to review" emails

    activities.approve_activity(
        activity=Activity.objects.get(pk=activity.pk), reviewer=make_user(coordinator=True)
    )

    participants = {k: v for k, v in _mails().items() if k.endswith("@example.se")}
    assert list(participants) == ["anna@example.se"]
    mail = participants["anna@example.se"]
    assert mail.subject.startswith("Ändrad: ")
    assert "13:00" in mail.body
    [attachment] = [a for a in mail.attachments if a["mimetype"] == "text/calendar"]
    [event] = icalendar.Calendar.from_ical(attachment["content"]).events
    assert str(event["UID"]) == f"occasion-{monday.pk}@innovationsveckan.se"
    assert event["DTSTART"].dt == moved.starts_at
    assert list(Notice.objects.values_list("signup__email", "kind")) == [
        ("anna@example.se", "changed")
    ]


def test_series_occasion_taken_out_tells_its_participants_it_is_cancelled(organisation, owner):
    activity, (monday, tuesday, wednesday) = make_series(organisation)
    services.confirm(signup=_sign_up(activity, wednesday, "cem"))
    services.confirm(signup=_sign_up(activity, monday, "anna"))
    activities.save_occasions(
        activity=activity,
        occasions=[Occasion.objects.get(pk=monday.pk), Occasion.objects.get(pk=tuesday.pk)],
        editor=owner,
    )
    OutboxMessage.objects.all().delete()

    activities.approve_activity(
        activity=Activity.objects.get(pk=activity.pk), reviewer=make_user(coordinator=True)
    )

    participants = {k: v for k, v in _mails().items() if k.endswith("@example.se")}
    assert list(participants) == ["cem@example.se"]
    mail = participants["cem@example.se"]
    assert mail.subject.startswith("Inställd: ")
    [attachment] = [a for a in mail.attachments if a["mimetype"] == "text/calendar"]
    [event] = icalendar.Calendar.from_ical(attachment["content"]).events
    assert str(event["UID"]) == f"occasion-{wednesday.pk}@innovationsveckan.se"
    assert str(event["STATUS"]) == "CANCELLED"
    assert list(Activity.objects.get(pk=activity.pk).occasions.all()) == [monday, tuesday]
    assert not SignUp.objects.filter(email="cem@example.se").exists()


def test_series_page_lists_occasions_with_seats_and_signs_up_to_the_one_chosen(
    client, organisation
):
    activity, (monday, tuesday, wednesday) = make_series(organisation, capacity=2)
    _sign_up(activity, tuesday, "anna")
    _sign_up(activity, tuesday, "bo")

    html = client.get(activity.get_absolute_url()).content.decode()

    assert "3 tillfällen" in html
    assert html.count('class="occasions__item"') == 3
    # In the list of occasions, and again in the form's choice of occasion.
    assert html.count("2 platser kvar · ") == 2
    assert html.count("12:00–13:00 (2 platser kvar)") == 2
    assert "Fullbokat – väntelista" in html
    assert "12:00–13:00 (fullbokat, väntelista)" in html
    assert f'href="?tillfalle={monday.pk}#anmalan"' in html
    assert f'name="occasion" value="{wednesday.pk}"' in html

    response = client.post(
        f"/aktivitet/{activity.slug}/anmal/",
        {"occasion": str(wednesday.pk), "name": "Cem", "email": "cem@example.se"},
    )

    assert response.status_code == 302
    signup = SignUp.objects.get(email="cem@example.se")
    assert (signup.occasion_id, signup.status) == (wednesday.pk, "held")


def test_series_sign_up_form_without_an_occasion_says_what_to_do(client, organisation):
    activity, _occasions = make_series(organisation)

    response = client.post(
        f"/aktivitet/{activity.slug}/anmal/", {"name": "Cem", "email": "cem@example.se"}
    )

    assert "Välj vilket tillfälle du vill anmäla dig till." in response.content.decode()
    assert SignUp.objects.count() == 0


def test_series_participant_list_and_export_show_the_occasion(client, organisation, owner):
    activity, (monday, tuesday, _wednesday) = make_series(organisation)
    services.confirm(signup=_sign_up(activity, tuesday, "bo"))
    services.confirm(signup=_sign_up(activity, monday, "anna"))
    client.force_login(owner)

    html = client.get(f"/mina-aktiviteter/{activity.pk}/deltagare/").content.decode()
    csv = client.get(f"/mina-aktiviteter/{activity.pk}/deltagare.csv").content.decode("utf-8-sig")

    assert '<th scope="col">Tillfälle</th>' in html
    lines = csv.splitlines()
    assert lines[0].startswith("tillfälle;namn;")
    assert [line.split(";")[:2] for line in lines[1:]] == [
        [f"{monday.starts_at:%Y-%m-%d} 12:00", "Anna"],
        [f"{tuesday.starts_at:%Y-%m-%d} 12:00", "Bo"],
    ]


def test_series_participant_is_reminded_the_day_before_their_own_occasion(organisation):
    activity, (monday, _tuesday, wednesday) = make_series(organisation)
    on_monday, on_wednesday = (
        _sign_up(activity, monday, "anna"),
        _sign_up(activity, wednesday, "bo"),
    )
    services.confirm(signup=on_monday)
    services.confirm(signup=on_wednesday)
    OutboxMessage.objects.all().delete()

    services.send_reminders(now=wednesday.starts_at - timedelta(days=1, hours=2))

    assert [m.to[0] for m in OutboxMessage.objects.all()] == ["bo@example.se"]
    assert "12:00–13:00" in OutboxMessage.objects.get().body


def test_series_later_occasion_is_open_after_the_first_began_and_a_past_one_is_closed(
    organisation,
):
    activity, (monday, _tuesday, wednesday) = make_series(organisation)
    on_tuesday_morning = monday.starts_at + timedelta(days=1) - timedelta(hours=3)

    signup = services.sign_up(
        activity=activity,
        occasion=wednesday,
        name="Bo",
        email="bo@example.se",
        now=on_tuesday_morning,
    )
    with pytest.raises(services.SignUpError) as refused:
        services.sign_up(
            activity=activity,
            occasion=monday,
            name="Anna",
            email="anna@example.se",
            now=on_tuesday_morning,
        )

    assert (signup.occasion_id, signup.status) == (wednesday.pk, "held")
    assert str(refused.value) == "Anmälan till det tillfället har stängt."
