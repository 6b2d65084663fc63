"""Kept public pages (veckan.lib.page_cache, veckan.program.kept_pages): a new visitor is served the
page another rendered, with a CSRF token of their own, until something it shows changes."""

import re
import time

import pytest
from django.test import Client

from tests.factories import make_activity, make_series, make_signup_activity
from veckan.activities import search
from veckan.activities.models import Activity, Occasion, Status
from veckan.organisations.services import save_organisation
from veckan.program import index, kept_pages
from veckan.revisions.services import record_change, unchanged_since
from veckan.signups import services as signups
from veckan.signups.models import SignUp

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0"}


def _kept(client: Client, path: str, django_assert_max_num_queries, *, at_most: int = 3) -> str:
    """The page, asserting it came kept (a rendered activity page takes ten queries)."""
    with django_assert_max_num_queries(at_most):
        response = client.get(path, **BROWSER)
    assert response.status_code == 200
    return response.content.decode()


def test_a_kept_page_gives_each_visitor_their_own_csrf_token_that_posts(
    organisation, django_assert_max_num_queries
):
    activity = make_signup_activity(organisation, capacity=10, title="Innovationsfika")
    first = Client(enforce_csrf_checks=True)
    rendered = first.get(activity.get_absolute_url(), **BROWSER)
    second = Client(enforce_csrf_checks=True)
    html = _kept(second, activity.get_absolute_url(), django_assert_max_num_queries)

    tokens = set(TOKEN.findall(html))
    assert len(tokens) == 1
    assert tokens != set(TOKEN.findall(rendered.content.decode()))
    assert "\x00" not in html
    assert "csrftoken" in second.cookies
    response = second.post(
        f"/aktivitet/{activity.slug}/anmal/",
        {
            "name": "Anna Andersson",
            "email": "anna@example.se",
            "organisation": "",
            "csrfmiddlewaretoken": tokens.pop(),
        },
    )
    assert response.status_code == 302
    assert list(SignUp.objects.values_list("email", flat=True)) == ["anna@example.se"]


def test_a_kept_activity_page_shows_a_new_seat_count_at_once(
    client, organisation, django_assert_max_num_queries
):
    activity = make_signup_activity(organisation, capacity=10)
    assert "10 platser kvar" in client.get(activity.get_absolute_url()).content.decode()
    signups.sign_up(activity=activity, name="Anna Andersson", email="anna@example.se")
    # A sign-up does not move the program's revision; the page reads its seats itself.
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "9 platser kvar" in html
    assert "10 platser kvar" not in html


def test_a_kept_activity_page_holds_while_other_activities_change(
    client, edition, organisation, django_assert_max_num_queries
):
    activity = make_activity(edition, organisation, status=Status.APPROVED, title="Öppna data")
    other = make_activity(edition, organisation, status=Status.APPROVED)
    client.get(activity.get_absolute_url())
    record_change(activities=[other.pk])
    html = _kept(client, activity.get_absolute_url(), django_assert_max_num_queries)
    assert "Öppna data" in html


def test_a_kept_activity_page_is_made_again_when_its_organiser_is_renamed(
    client, edition, organisation
):
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    assert "Exempelby kommun" in client.get(activity.get_absolute_url()).content.decode()
    organisation.name = "Nyby kommun"
    save_organisation(organisation=organisation)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Nyby kommun" in html
    assert "Exempelby kommun" not in html


def test_a_kept_activity_page_is_made_again_when_a_moment_it_shows_passes(
    client, organisation, monkeypatch, django_assert_num_queries
):
    activity = make_signup_activity(organisation, capacity=10)
    client.get(activity.get_absolute_url(), **BROWSER)
    closes = activity.signup_closes.timestamp()
    monkeypatch.setattr(kept_pages.time, "time", lambda: closes + 1)
    # Rendered again (ten queries), not served kept (three).
    with django_assert_num_queries(10):
        client.get(activity.get_absolute_url(), **BROWSER)


def test_a_logged_in_visitor_is_never_served_a_kept_page(client, edition, organisation, owner):
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    Client().get(activity.get_absolute_url())
    client.force_login(owner)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Logga ut" in html
    assert "Logga in" not in html


def test_a_kept_page_counts_the_view(client, edition, organisation):
    from veckan.activities.models import ActivityPageView

    activity = make_activity(edition, organisation, status=Status.APPROVED)
    for _ in range(3):
        client.get(activity.get_absolute_url(), **BROWSER)
    assert ActivityPageView.objects.get(activity=activity).count == 3


def test_kept_pages_are_shared_between_processes_through_the_pages_cache(
    settings, edition, organisation, django_assert_max_num_queries
):
    settings.CACHES = settings.CACHES | {
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept"}
    }
    activity = make_activity(edition, organisation, status=Status.APPROVED, title="Delad sida")
    Client().get(activity.get_absolute_url())
    kept_pages.forget_kept_pages()  # as another process would: nothing of its own
    assert "Delad sida" in _kept(
        Client(), activity.get_absolute_url(), django_assert_max_num_queries
    )


def test_a_kept_program_page_shows_an_approval_after_the_grace_only(
    client, settings, program, edition, organisation, monkeypatch
):
    settings.PROGRAM_PAGE_GRACE_SECONDS = 0.5
    assert "Nytt seminarium" not in client.get("/program/").content.decode()
    new = make_activity(edition, organisation, status=Status.APPROVED, title="Nytt seminarium")
    search.index_activities(Activity.objects.filter(pk=new.pk).with_related())
    record_change(activities=[new.pk])
    # Within the grace the page rendered a moment ago is served; after it, the program as it is.
    assert "Nytt seminarium" not in client.get("/program/").content.decode()
    # Nor does a search made now, from the program this process read a moment ago.
    assert "Nytt seminarium" not in client.get("/program/?q=seminarium").content.decode()
    later, moved = time.time() + 1, index.clock() + 1
    monkeypatch.setattr(kept_pages.time, "time", lambda: later)
    monkeypatch.setattr(index, "clock", lambda: moved)
    assert "Nytt seminarium" in client.get("/program/").content.decode()
    assert "Nytt seminarium" in client.get("/program/?q=seminarium").content.decode()


@pytest.mark.parametrize("path", ["/program/?q=workshop", "/program/"])
def test_a_kept_program_page_is_the_same_page(client, program, path, django_assert_max_num_queries):
    rendered = client.get(path).content.decode()
    kept = _kept(Client(), path, django_assert_max_num_queries, at_most=2)
    assert TOKEN.sub("", kept) == TOKEN.sub("", rendered)


def test_unchanged_since_reads_what_changed_after_a_revision(db):
    start = record_change(everything=True)
    record_change(activities=[1])
    record_change(organisations=[7])
    assert unchanged_since(start, activities=[2], organisations=[8]) == (True, start + 2)
    assert unchanged_since(start, activities=[1]) == (False, start + 2)
    assert unchanged_since(start, organisations=[7]) == (False, start + 2)
    assert unchanged_since(start + 2, activities=[1]) == (True, start + 2)
    # A revision from after the one the database has (a restored backup) holds nothing.
    assert unchanged_since(start + 5, activities=[2]) == (False, start + 2)


def test_seat_counts_count_as_the_activity_query_does(organisation):
    activity = make_signup_activity(organisation, capacity=1)
    for n in range(3):
        signups.sign_up(activity=activity, name=f"Person {n}", email=f"p{n}@example.se")
    counted = Activity.objects.with_seat_counts().get(pk=activity.pk)
    assert SignUp.objects.filter(activity=activity).seat_counts() == ((None, 1, 2),)
    assert (counted.seats_taken, counted.seats_waiting) == (1, 2)


def test_a_kept_series_page_shows_each_occasions_seats(client, organisation):
    activity, (monday, tuesday, _) = make_series(organisation, capacity=2)
    first = signups.sign_up(activity=activity, occasion=monday, name="A", email="a@example.se")
    client.get(activity.get_absolute_url())
    # As many seats taken in all, but on another occasion: the page is made again.
    signups.cancel(signup=first)
    signups.sign_up(activity=activity, occasion=tuesday, name="B", email="b@example.se")
    seats = [
        (occasion.pk, occasion.seats_taken)
        for occasion in Occasion.objects.filter(activity=activity).with_seat_counts()
    ]
    assert seats == [(monday.pk, 0), (tuesday.pk, 1), (seats[2][0], 0)]
    html = client.get(activity.get_absolute_url()).content.decode()
    assert re.findall(r"(\d) platse?r? kvar · ", html) == ["2", "1", "2"]


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="ds-card activity-card.*?</li>', html, re.S)


def test_kept_cards_are_the_cards_as_drawn(client, settings, program):
    client.get("/program/")  # draws the cards and keeps them
    kept = _cards(Client().get("/program/?typ=").content.decode())
    settings.KEEP_PUBLIC_PAGES = False
    drawn = _cards(Client().get("/program/?typ=").content.decode())
    assert len(kept) == 4
    assert kept == drawn


def test_a_kept_card_shows_new_seats_and_a_change(client, organisation):
    activity = make_signup_activity(organisation, capacity=10, title="Innovationsfika")
    search.index_activities(Activity.objects.filter(pk=activity.pk).with_related())
    assert "10 platser kvar" in _cards(client.get("/program/").content.decode())[0]
    signups.sign_up(activity=activity, name="Anna Andersson", email="anna@example.se")
    assert "9 platser kvar" in _cards(client.get("/program/?q=").content.decode())[0]
    organisation.name = "Nyby kommun"
    save_organisation(organisation=organisation)
    assert "Nyby kommun" in _cards(client.get("/program/?q=&typ=").content.decode())[0]
