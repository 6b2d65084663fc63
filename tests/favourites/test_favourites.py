"""Mitt program: stars without an account, on the account, merged at login, and the secret feed."""

import re
from datetime import timedelta
from io import StringIO

import icalendar
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, at, make_activity, make_edition
from veckan.activities.models import Activity, Status
from veckan.favourites.models import PersonalProgram, Star
from veckan.favourites.session import SESSION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(edition, organisation):
    """Three published activities, the first on Monday and the others later in the week."""
    monday, tuesday, wednesday = edition.days[0], edition.days[1], edition.days[2]
    return [
        make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title=title,
            starts_at=at(day, 10),
            ends_at=at(day, 12),
        )
        for title, day in [
            ("Onsdagens workshop", wednesday),
            ("Måndagens seminarium", monday),
            ("Tisdagens studiebesök", tuesday),
        ]
    ]


def star(client, activity, action="add", **extra):
    return client.post(
        f"/mitt-program/stjarna/{activity.pk}/",
        {"action": action, "next": "/program/?typ=seminarium"},
        **extra,
    )


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(
        r'<h3 class="ds-heading" data-size="xs"><a class="ds-link" [^>]*>(.*?)</a>', html
    )


def feed_url(client) -> str:
    html = client.get("/mitt-program/").content.decode()
    url = re.search(r'id="feed-url" value="([^"]+)"', html).group(1)
    assert url.startswith("http://127.0.0.1:8000/mitt-program/")  # SITE_URL, absolute
    return url.removeprefix("http://127.0.0.1:8000")


def event_uids(response) -> set[str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]) for event in calendar.walk("VEVENT")}


def test_star_without_account_keeps_the_program_in_the_session_only(client, activities):
    first, second, _ = activities
    response = star(client, first)

    program = PersonalProgram.objects.get()
    assert program.user is None
    assert client.session[SESSION_KEY] == program.pk
    assert set(response.cookies) == {"sessionid"}  # no csrftoken, no messages, nothing else
    assert response.status_code == 302
    assert response["Location"] == f"/program/?typ=seminarium#star-{first.pk}"

    response = star(client, second)
    assert set(response.cookies) <= {"sessionid"}
    assert PersonalProgram.objects.count() == 1
    assert set(program.stars.values_list("activity_id", flat=True)) == {first.pk, second.pk}


def test_star_twice_and_unstar(client, activities):
    first, second, _ = activities
    star(client, first)
    star(client, first)
    star(client, second)
    star(client, second, "remove")
    star(client, second, "remove")
    assert list(Star.objects.values_list("activity_id", flat=True)) == [first.pk]


def test_unstar_without_a_program_makes_neither_program_nor_cookie(client, activities):
    response = star(client, activities[0], "remove")
    assert response.status_code == 302
    assert PersonalProgram.objects.count() == 0
    assert dict(response.cookies) == {}


def test_star_goes_back_only_to_this_site(client, activities):
    activity = activities[0]
    for unsafe in ("https://elak.example.se/", "//elak.example.se/", "javascript:alert(1)"):
        response = client.post(
            f"/mitt-program/stjarna/{activity.pk}/", {"action": "add", "next": unsafe}
        )
        assert response["Location"] == f"/aktivitet/{activity.slug}/#star-{activity.pk}"


def test_star_refuses_an_unknown_action(client, activities):
    response = client.post(f"/mitt-program/stjarna/{activities[0].pk}/", {"action": "toggle"})
    assert response.status_code == 400
    assert PersonalProgram.objects.count() == 0


@pytest.mark.parametrize(
    "status",
    [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.REJECTED, Status.WITHDRAWN],
)
def test_unpublished_activity_cannot_be_starred(client, edition, organisation, status):
    activity = make_activity(edition, organisation, status=status)
    response = star(client, activity)
    assert response.status_code == 404
    assert PersonalProgram.objects.count() == 0
    assert Star.objects.count() == 0
    assert dict(response.cookies) == {}


def test_approved_activity_cannot_be_starred_before_the_program_is_published(client, organisation):
    now = timezone.now()
    unpublished = make_edition(
        2027,
        registration_opens=now - timedelta(days=5),
        registration_closes=now + timedelta(days=1),
        program_published_at=now + timedelta(days=3),
    )
    activity = make_activity(unpublished, organisation, status=Status.APPROVED)
    assert star(client, activity).status_code == 404
    assert Star.objects.count() == 0


def test_my_program_lists_exactly_the_visitors_published_stars_in_time_order(
    client, activities, edition, organisation
):
    wednesday, monday, tuesday = activities
    cancelled = make_activity(
        edition, organisation, status=Status.APPROVED, title="Inställt seminarium"
    )
    withdrawn = make_activity(
        edition, organisation, status=Status.APPROVED, title="Återkallad workshop"
    )
    for activity in (wednesday, monday, cancelled, withdrawn):
        star(client, activity)
    star(Client(), tuesday)  # another visitor's star
    # Later in the week before: one is cancelled (stays, marked), one leaves the program.
    Activity.objects.filter(pk=cancelled.pk).update(status=Status.CANCELLED)
    Activity.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)

    response = client.get("/mitt-program/")
    assert titles(response) == [
        "Måndagens seminarium",
        '<span class="badge badge--cancelled">Inställd</span> Inställt seminarium',
        "Onsdagens workshop",
    ]
    html = response.content.decode()
    assert "3 sparade aktiviteter" in html
    assert html.count('aria-pressed="true"') == 3
    assert "Alla som har länken kan se vilka aktiviteter du har sparat." in html
    assert 'href="webcal://127.0.0.1:8000/mitt-program/' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_my_program_without_stars_invites_to_the_program(client, edition):
    response = client.get("/mitt-program/")
    html = response.content.decode()
    assert "Du har inte sparat några aktiviteter än." in html
    assert 'id="feed-url"' not in html
    assert dict(response.cookies) == {}


def test_program_list_shows_which_activities_are_starred(client, activities):
    star(client, activities[1])
    html = client.get("/program/").content.decode()
    pressed = re.findall(r'id="star-(\d+)"[^>]*aria-pressed="(true|false)"', html)
    assert sorted(pressed) == sorted(
        [
            (str(activities[0].pk), "false"),
            (str(activities[1].pk), "true"),
            (str(activities[2].pk), "false"),
        ]
    )
    assert html.count('<form id="star-form" method="post" hidden>') == 1


def test_activity_page_has_the_star_button(client, activities):
    activity = activities[0]
    html = client.get(activity.get_absolute_url()).content.decode()
    assert f'formaction="/mitt-program/stjarna/{activity.pk}/"' in html
    assert 'aria-pressed="false"' in html
    assert "Spara i Mitt program" in html


def test_htmx_star_answers_with_just_the_button(client, activities):
    activity = activities[0]
    response = star(client, activity, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<button class="ds-button star-button" type="submit" form="star-form"')
    assert html.count("<button") == 1
    assert 'aria-pressed="true"' in html
    assert 'name="action" value="remove"' in html
    assert (
        f'Sparad i Mitt program – ta bort<span class="ds-sr-only"> ”{activity.title}”</span>'
        in html
    )
    assert Star.objects.filter(activity=activity).count() == 1

    html = star(client, activity, "remove", HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-pressed="false"' in html
    assert 'name="action" value="add"' in html
    assert "Spara i Mitt program<span" in html
    assert Star.objects.count() == 0


def test_feed_has_exactly_the_starred_events_and_sets_no_cookie(client, activities, edition):
    wednesday, monday, tuesday = activities
    star(client, wednesday)
    star(client, monday)
    star(Client(), tuesday)
    url = feed_url(client)

    for fetcher in (client, Client()):  # with the visitor's session cookie, and as a calendar app
        response = fetcher.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert dict(response.cookies) == {}
        assert "Cookie" not in response.get("Vary", "")
        assert "private" in response["Cache-Control"]
        assert event_uids(response) == {
            f"activity-{wednesday.pk}@innovationsveckan.se",
            f"activity-{monday.pk}@innovationsveckan.se",
        }

    again = Client().get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    star(client, tuesday)
    assert Client().get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_feed_marks_a_cancelled_activity_cancelled(client, activities):
    star(client, activities[0])
    Activity.objects.filter(pk=activities[0].pk).update(status=Status.CANCELLED)
    calendar = icalendar.Calendar.from_ical(Client().get(feed_url(client)).content)
    [event] = calendar.walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    assert str(event["summary"]) == f"Inställd: {activities[0].title}"


def test_rotated_token_retires_the_old_feed_url(client, activities):
    star(client, activities[0])
    old = feed_url(client)
    response = client.post("/mitt-program/byt-lank/", follow=True)
    assert "Du har fått en ny länk. Den gamla länken fungerar inte längre." in (
        response.content.decode()
    )
    new = feed_url(client)
    assert new != old
    assert Client().get(old).status_code == 404
    assert event_uids(Client().get(new)) == {f"activity-{activities[0].pk}@innovationsveckan.se"}


def test_unknown_token_is_404(client, edition):
    assert Client().get("/mitt-program/inte-en-riktig-nyckel.ics").status_code == 404


def test_logged_in_stars_stay_on_the_account_across_sessions(client, activities, stranger):
    client.force_login(stranger)
    star(client, activities[0])
    star(client, activities[1])
    program = PersonalProgram.objects.get()
    assert program.user == stranger
    assert SESSION_KEY not in client.session
    client.post("/konto/logout/")

    assert titles(client.get("/mitt-program/")) == []
    assert PersonalProgram.objects.count() == 1  # looking made nothing

    fresh = Client()
    log_in(fresh, stranger)
    assert titles(fresh.get("/mitt-program/")) == ["Måndagens seminarium", "Onsdagens workshop"]


def log_in(client: Client, user) -> None:
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_anonymous_stars_merge_into_the_account_at_login(client, activities, stranger):
    wednesday, monday, _ = activities
    account = PersonalProgram.objects.create(user=stranger)
    Star.objects.create(program=account, activity=wednesday)
    star(client, monday)
    star(client, wednesday)  # starred on both: counted once
    anonymous_pk = client.session[SESSION_KEY]

    log_in(client, stranger)
    assert titles(client.get("/mitt-program/")) == ["Måndagens seminarium", "Onsdagens workshop"]
    assert list(PersonalProgram.objects.all()) == [account]
    assert not PersonalProgram.objects.filter(pk=anonymous_pk).exists()
    assert SESSION_KEY not in client.session
    assert set(account.stars.values_list("activity_id", flat=True)) == {wednesday.pk, monday.pk}


def test_anonymous_program_becomes_the_accounts_own_at_login(client, activities, stranger):
    star(client, activities[0])
    url = feed_url(client)

    log_in(client, stranger)
    client.get("/mitt-program/")
    program = PersonalProgram.objects.get()
    assert program.user == stranger
    # Taken over whole: a calendar that subscribed before the login keeps working.
    assert event_uids(Client().get(url)) == {f"activity-{activities[0].pk}@innovationsveckan.se"}


def test_stars_waiting_for_the_merge_show_pressed_before_it(client, activities, stranger):
    star(client, activities[0])
    log_in(client, stranger)
    html = client.get(activities[0].get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in html


@pytest.mark.parametrize("count", [1, 3])
def test_my_program_query_count_is_fixed(client, activities, django_assert_num_queries, count):
    for activity in activities[:count]:
        star(client, activity)
    with django_assert_num_queries(4):
        response = client.get("/mitt-program/")
    assert len(titles(response)) == count


@pytest.mark.parametrize("count", [1, 3])
def test_my_program_query_count_is_fixed_logged_in(
    client, activities, stranger, django_assert_num_queries, count
):
    client.force_login(stranger)
    for activity in activities[:count]:
        star(client, activity)
    with django_assert_num_queries(5):
        response = client.get("/mitt-program/")
    assert len(titles(response)) == count


def test_purge_deletes_only_forgotten_anonymous_programs(activities, stranger):
    long_ago = timezone.now() - timedelta(days=366)
    forgotten = PersonalProgram.objects.create(last_seen_at=long_ago)
    Star.objects.create(program=forgotten, activity=activities[0])
    recent = PersonalProgram.objects.create(last_seen_at=timezone.now() - timedelta(days=300))
    on_account = PersonalProgram.objects.create(user=stranger, last_seen_at=long_ago)

    out = StringIO()
    call_command("purge_personal_programs", stdout=out)

    assert set(PersonalProgram.objects.all()) == {recent, on_account}
    assert Star.objects.count() == 0
    assert out.getvalue() == "Deleted 1 personal programs unused for 365 days.\n"


def test_feed_counts_as_use(client, activities):
    star(client, activities[0])
    program = PersonalProgram.objects.get()
    PersonalProgram.objects.filter(pk=program.pk).update(
        last_seen_at=timezone.now() - timedelta(days=200)
    )
    Client().get(f"/mitt-program/{program.token}.ics")
    program.refresh_from_db()
    assert program.last_seen_at > timezone.now() - timedelta(minutes=1)


def test_cookie_page_tells_that_stars_use_the_session_cookie(client):
    html = client.get("/kakor/").content.decode()
    assert "Kakan sätts bara när du loggar in eller sparar en aktivitet i Mitt program." in html
    assert "knappen ”Spara i Mitt program”" in html
    privacy = client.get("/personuppgifter/").content.decode()
    assert "utan konto tas det bort när ingen har använt det på ett år" in privacy


def test_my_program_without_account_lasts_until_the_edition_has_ended(client, activities, edition):
    # The program is out weeks before the week: stars given now must last through it.
    star(client, activities[0])
    cookie = client.cookies["sessionid"]
    week_over = timezone.make_aware(
        timezone.datetime.combine(edition.ends_on + timedelta(days=1), timezone.datetime.min.time())
    )
    expiry = client.session.get_expiry_date()
    assert expiry == week_over
    assert int(cookie["max-age"]) >= (week_over - timezone.now()).total_seconds() - 60
    html = client.get("/mitt-program/").content.decode()
    ends = edition.ends_on
    assert f"åtminstone till och med {ends.day} oktober {ends.year}, när veckan är slut" in html


def test_signing_up_adds_the_activity_to_my_program(client, organisation):
    from tests.factories import make_signup_activity

    activity = make_signup_activity(organisation, title="Med anmälan")
    response = client.post(
        f"/aktivitet/{activity.slug}/anmal/",
        {"name": "Ada Deltagare", "email": "ada@example.se", "privacy": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    program = PersonalProgram.objects.get(pk=client.session[SESSION_KEY])
    assert list(program.activities.values_list("title", flat=True)) == ["Med anmälan"]
    assert titles(client.get("/mitt-program/")) == ["Med anmälan"]


def test_my_program_email_link_opens_the_same_stars_on_another_device(client, activities):
    from veckan.outbox.models import OutboxMessage

    star(client, activities[0])
    star(client, activities[1])
    response = client.post("/mitt-program/mejla-lanken/", {"email": "ada@example.se"})
    assert response.status_code == 302
    page = client.get("/mitt-program/").content.decode()
    assert "Vi har mejlat länken till ada@example.se." in page
    message = OutboxMessage.objects.get()
    assert message.to == ["ada@example.se"]
    assert message.subject == "Din länk till Mitt program"
    program = PersonalProgram.objects.get()
    open_url = f"/mitt-program/oppna/{program.token}/"
    assert f"http://testserver{open_url}" in message.body or open_url in message.body
    # The address is not kept with the program.
    assert "ada@example.se" not in str(PersonalProgram.objects.values().get())

    phone = Client()
    # Following the link only shows a button (a mail scanner's GET changes nothing).
    assert phone.get(open_url).status_code == 200
    assert SESSION_KEY not in phone.session
    phone.post(open_url)
    assert phone.session[SESSION_KEY] == program.pk
    assert sorted(titles(phone.get("/mitt-program/"))) == sorted(
        [activities[0].title, activities[1].title]
    )
    # A star on the phone shows on the first device too.
    star(phone, activities[2])
    assert len(titles(client.get("/mitt-program/"))) == 3
    assert Client().get("/mitt-program/oppna/not-a-token/").status_code == 404


def test_my_program_email_link_mails_one_address_a_few_times_from_any_network(activities):
    """Issue 14, line 4: the form mails an address a visitor types; one inbox gets few."""
    from veckan.outbox.models import OutboxMessage

    for n in range(7):
        visitor = Client(REMOTE_ADDR=f"192.0.2.{n}")
        star(visitor, activities[0])
        visitor.post("/mitt-program/mejla-lanken/", {"email": f"Ada+{n}@example.se"})
    assert OutboxMessage.objects.count() == 5


def test_my_program_email_link_needs_an_address(client, activities):
    from veckan.outbox.models import OutboxMessage

    star(client, activities[0])
    response = client.post("/mitt-program/mejla-lanken/", {"email": "inte en adress"})
    assert response.status_code == 200
    assert "Det finns fel i formuläret" in response.content.decode()
    assert not OutboxMessage.objects.exists()
