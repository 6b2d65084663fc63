"""Issue 14 line 2: limits that stop abuse, not offices. A whole office behind one address signs
up; only a few unconfirmed sign-ups per client network hold seats, the rest take theirs when their
email is confirmed, so nobody books out an activity with addresses they cannot confirm."""

import html
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import make_signup_activity
from veckan.lib.ratelimit import network_mark
from veckan.outbox.models import OutboxMessage
from veckan.signups import services
from veckan.signups.models import SignUp

pytestmark = pytest.mark.django_db
Status = SignUp.Status
OFFICE = "198.51.100.7"


@pytest.fixture(autouse=True)
def _empty_cache():
    # The rate limits count in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


def post(client, activity, n: int, ip: str = OFFICE, **extra):
    data = {"name": f"Kollega {n}", "email": f"kollega{n}@kommun.example.se", "organisation": ""}
    return client.post(f"/aktivitet/{activity.slug}/anmal/", data, REMOTE_ADDR=ip, **extra)


def by_status(activity) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in activity.signups.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def test_fifty_colleagues_behind_one_address_all_sign_up_and_three_hold_seats(client, organisation):
    activity = make_signup_activity(organisation, capacity=60)
    for n in range(50):
        response = post(client, activity, n)
        assert response.status_code == 302, (n, response.status_code)
    assert activity.signups.count() == 50
    assert by_status(activity) == {Status.HELD: 3, Status.PENDING: 47}
    assert activity.signups.with_seat().count() == 3
    # The rest are told plainly that their seat comes with the confirmation.
    assert response["Location"] == f"/aktivitet/{activity.slug}/anmal/klart/?status=pending"
    page = client.get(response["Location"]).content.decode()
    assert "du har ingen plats än" in page
    mail = OutboxMessage.objects.filter(to=["kollega49@kommun.example.se"]).get()
    assert "din plats blir din först när du har bekräftat" in mail.body


def test_fifty_colleagues_behind_one_address_sign_up_to_many_activities(client, organisation):
    activities = [make_signup_activity(organisation, capacity=10) for _ in range(5)]
    for n in range(50):
        assert post(client, activities[n % 5], n).status_code == 302
    for activity in activities:
        assert activity.signups.count() == 10
        assert activity.signups.with_seat().count() == 3


def test_network_mark_is_a_keyed_hash_never_the_address(client, organisation):
    activity = make_signup_activity(organisation, capacity=10)
    post(client, activity, 1)
    signup = activity.signups.get()
    assert signup.network
    assert OFFICE not in signup.network
    assert signup.network == network_mark(OFFICE)


def test_confirming_a_pending_sign_up_takes_a_seat(client, organisation):
    activity = make_signup_activity(organisation, capacity=60)
    for n in range(10):
        post(client, activity, n)
    pending = list(activity.signups.filter(status=Status.PENDING))
    assert len(pending) == 7
    for signup in pending:
        assert client.post(f"/anmalan/{signup.token}/bekrafta/").status_code == 302
    assert by_status(activity) == {Status.HELD: 3, Status.CONFIRMED: 7}
    assert activity.signups.with_seat().count() == 10
    mail = OutboxMessage.objects.filter(
        to=[pending[0].email], subject__startswith="Du är anmäld"
    ).get()
    assert "Du är anmäld" in mail.subject


def test_confirming_a_pending_sign_up_of_a_full_activity_joins_the_queue_in_order(organisation):
    activity = make_signup_activity(organisation, capacity=4)
    office = [
        services.sign_up(
            activity=activity, name=f"K {n}", email=f"k{n}@example.se", network="office"
        )
        for n in range(5)
    ]
    assert [s.status for s in office] == [Status.HELD] * 3 + [Status.PENDING] * 2
    other = services.sign_up(activity=activity, name="Annan", email="annan@example.se", network="x")
    assert other.status == Status.HELD  # the fourth seat: pending ones take none
    late = services.sign_up(activity=activity, name="Sen", email="sen@example.se", network="y")
    assert late.status == Status.WAITING
    confirmed = services.confirm(signup=office[3])
    assert confirmed.status == Status.WAITING
    # In the order the sign-ups came in: the pending one signed up before the late one.
    assert list(activity.signups.waiting().values_list("email", flat=True)) == [
        "k3@example.se",
        "sen@example.se",
    ]


def test_squatting_twenty_from_one_network_cannot_book_out_ten_seats(client, organisation):
    activity = make_signup_activity(organisation, capacity=10)
    for n in range(20):
        assert post(client, activity, n).status_code == 302
    assert activity.signups.with_seat().count() == 3
    # Other people, elsewhere, still get seats: seven of them.
    for n in range(7):
        response = post(client, activity, 100 + n, ip=f"203.0.113.{n + 1}")
        assert response["Location"] == f"/aktivitet/{activity.slug}/anmal/klart/"
    assert activity.signups.with_seat().count() == 10
    assert (
        activity.signups.filter(status=Status.HELD)
        .exclude(network="")
        .values("network")
        .distinct()
        .count()
        == 8
    )


def test_ipv6_addresses_in_one_slash_64_count_as_one_network(client, organisation):
    activity = make_signup_activity(organisation, capacity=20)
    for n in range(6):
        post(client, activity, n, ip=f"2001:db8:1:2::{n + 1:x}")
    assert by_status(activity) == {Status.HELD: 3, Status.PENDING: 3}
    assert activity.signups.values("network").distinct().count() == 1
    # Another /64 is another network.
    post(client, activity, 99, ip="2001:db8:1:3::1")
    assert activity.signups.get(email="kollega99@kommun.example.se").status == Status.HELD


def test_a_network_holds_seats_again_once_its_holds_are_confirmed(organisation):
    activity = make_signup_activity(organisation, capacity=10)
    first = [
        services.sign_up(activity=activity, name=f"K {n}", email=f"k{n}@example.se", network="n")
        for n in range(3)
    ]
    for signup in first:
        services.confirm(signup=signup)
    fourth = services.sign_up(activity=activity, name="K 4", email="k4@example.se", network="n")
    assert fourth.status == Status.HELD


def test_pending_sign_ups_expire_like_holds(organisation):
    activity = make_signup_activity(organisation, capacity=10)
    signups = [
        services.sign_up(activity=activity, name=f"K {n}", email=f"k{n}@example.se", network="n")
        for n in range(4)
    ]
    assert signups[3].status == Status.PENDING
    services.release_expired_holds(now=timezone.now() + timedelta(hours=1))
    assert by_status(activity) == {Status.EXPIRED: 4}


def test_the_waiting_list_gives_no_more_unconfirmed_seats_to_a_capped_network(organisation):
    activity = make_signup_activity(organisation, capacity=4)
    taken = [
        services.sign_up(
            activity=activity, name=f"A {n}", email=f"a{n}@example.se", network=f"a{n}"
        )
        for n in range(4)
    ]
    squat = [
        services.sign_up(activity=activity, name=f"S {n}", email=f"s{n}@example.se", network="s")
        for n in range(5)
    ]
    assert {s.status for s in squat} == {Status.WAITING}
    for signup in taken:
        services.cancel(signup=signup)
    # Three of the squatter's places become held seats; the fourth seat is not held for it.
    assert by_status(activity) == {
        Status.CANCELLED: 4,
        Status.HELD: 3,
        Status.PENDING: 2,
    }
    newcomer = services.sign_up(activity=activity, name="Ny", email="ny@example.se", network="z")
    assert newcomer.status == Status.HELD


# --- the organisers: removing a sign-up, and marks on holds that look like squatting --------------


def participants_url(activity) -> str:
    return f"/mina-aktiviteter/{activity.pk}/deltagare/"


def remove_url(signup) -> str:
    return f"/mina-aktiviteter/{signup.activity_id}/deltagare/{signup.pk}/ta-bort/"


def join(activity, n: int, network: str = "", language: str = "sv") -> SignUp:
    return services.sign_up(
        activity=activity,
        name=f"Person {n}",
        email=f"person{n}@example.se",
        network=network or f"net{n}",
        language=language,
    )


def test_organiser_sees_a_remove_link_that_asks_first(client, owner, organisation):
    activity = make_signup_activity(organisation, capacity=2)
    signup = join(activity, 1)
    client.force_login(owner)
    page = client.get(participants_url(activity)).content.decode()
    assert f'href="{remove_url(signup)}"' in page
    response = client.get(remove_url(signup))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ta bort anmälan från Person 1?" in page
    assert "Ja, ta bort anmälan" in page
    # Asking changed nothing.
    signup.refresh_from_db()
    assert signup.status == Status.HELD


def test_organiser_removes_a_sign_up_the_person_is_told_and_the_queue_moves(
    client, owner, organisation
):
    activity = make_signup_activity(organisation, capacity=1)
    seated = join(activity, 1, language="en")
    services.confirm(signup=seated)
    waiting = join(activity, 2)
    services.confirm(signup=waiting)
    assert waiting.status == Status.WAITING
    OutboxMessage.objects.all().delete()
    client.force_login(owner)
    response = client.post(remove_url(seated), follow=True)
    assert response.status_code == 200
    assert "Person 1 är borttagen från aktiviteten och har fått ett mejl om det." in (
        response.content.decode()
    )
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Status.REMOVED
    assert waiting.status == Status.CONFIRMED
    assert waiting.promoted_at
    removed_mail = OutboxMessage.objects.get(to=["person1@example.se"])
    # In the person's language (they signed up on the English page).
    assert removed_mail.subject.startswith("Your sign-up has been removed")
    assert "organiser has removed your sign-up" in removed_mail.body
    assert OutboxMessage.objects.filter(
        to=["person2@example.se"], subject__startswith="Du har fått en plats"
    ).exists()
    # Removing again changes nothing and mails nobody.
    count = OutboxMessage.objects.count()
    assert client.post(remove_url(seated)).status_code == 302
    assert OutboxMessage.objects.count() == count
    # The person's own page says what happened.
    page = client.get(f"/anmalan/{seated.token}/").content.decode()
    assert "Arrangören tog bort din anmälan" in page


def test_removing_a_sign_up_is_404_for_other_organisations_members(
    client, stranger, organisation, other_organisation
):
    activity = make_signup_activity(organisation, capacity=2)
    signup = join(activity, 1)
    client.force_login(stranger)
    assert client.get(remove_url(signup)).status_code == 404
    assert client.post(remove_url(signup)).status_code == 404
    # Nor through their own activity's address.
    theirs = make_signup_activity(other_organisation, capacity=2)
    sneaky = f"/mina-aktiviteter/{theirs.pk}/deltagare/{signup.pk}/ta-bort/"
    assert client.post(sneaky).status_code == 404
    signup.refresh_from_db()
    assert signup.status == Status.HELD


def test_removing_needs_login(client, organisation):
    activity = make_signup_activity(organisation, capacity=2)
    signup = join(activity, 1)
    response = client.post(remove_url(signup))
    assert response.status_code == 302
    assert "next=" in response["Location"]
    signup.refresh_from_db()
    assert signup.status == Status.HELD


def test_participant_list_marks_unconfirmed_holds_from_one_network(client, owner, organisation):
    activity = make_signup_activity(organisation, capacity=10)
    for n in range(5):
        join(activity, n, network="squat")
    join(activity, 10, network="office")
    join(activity, 11, network="office")
    confirmed = join(activity, 12, network="squat-confirmed")
    services.confirm(signup=confirmed)
    client.force_login(owner)
    page = client.get(participants_url(activity)).content.decode()
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert text.count("5 obekräftade från samma nät") == 5
    assert "5 obekräftade anmälningar kommer från nät med fler obekräftade" in text
    # Two colleagues from one office are no squatters.
    assert "2 obekräftade från samma nät" not in text
    assert "Anmälda utan plats tills de bekräftar (2)" in text
