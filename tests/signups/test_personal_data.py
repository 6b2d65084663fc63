"""Mina uppgifter (see, cancel and download one's sign-ups through a mailed link) and the purge of
participants' personal data after the edition."""

import json
import re
import time
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from tests.factories import STOCKHOLM, make_activity, make_edition, make_signup_activity
from veckan.outbox.models import OutboxMessage
from veckan.signups import personal_data, services
from veckan.signups.models import SignUp

pytestmark = pytest.mark.django_db
Status = SignUp.Status
SENT = "Om adressen finns hos oss har vi skickat en länk till den."


@pytest.fixture(autouse=True)
def _empty_cache():
    # The rate limits count in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def activities(organisation):
    first = make_signup_activity(organisation, capacity=1, title="Första aktiviteten")
    second = make_signup_activity(organisation, capacity=5, title="Andra aktiviteten")
    second.starts_at += timedelta(days=1)
    second.ends_at += timedelta(days=1)
    second.save()
    return first, second


@pytest.fixture
def anna(activities):
    """Anna's sign-ups: confirmed to the first, cancelled from the second."""
    first, second = activities
    confirmed = services.sign_up(
        activity=first, name="Anna Andersson", email="anna@example.se", no_photo=True
    )
    services.confirm(signup=confirmed)
    cancelled = services.sign_up(
        activity=second, name="Anna A.", email="anna@example.se", organisation="Region Öst"
    )
    services.cancel(signup=cancelled)
    return [confirmed, cancelled]


@pytest.fixture
def bertil(activities):
    """Someone else, on the waiting list of the same activity as Anna."""
    return services.sign_up(activity=activities[0], name="Bertil Berg", email="bertil@example.se")


def _texts(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _ask(client, email: str, ip: str = "192.0.2.1", **fields):
    return client.post("/mina-uppgifter/", {"email": email} | fields, REMOTE_ADDR=ip)


def _link(email: str) -> str:
    return f"/mina-uppgifter/{personal_data.link_token(email)}/"


# --- Asking for the link ---------------------------------------------------------------------------


def test_my_data_request_answers_the_same_for_known_and_unknown_addresses(client, anna, bertil):
    OutboxMessage.objects.all().delete()
    known = _ask(client, "Anna@Example.se")
    unknown = _ask(client, "okand@example.se")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/mina-uppgifter/skickat/"
    known_page = client.get(known["Location"]).content.decode()
    assert known_page == client.get(unknown["Location"]).content.decode()
    assert SENT in _texts(known_page)
    [mail] = OutboxMessage.objects.all()
    assert (mail.to, mail.subject) == (["anna@example.se"], "Din länk till Mina uppgifter")
    [token] = re.findall(r"https?://\S+/mina-uppgifter/(\S+)/", mail.body)
    assert personal_data.email_from_link_token(token) == "anna@example.se"
    assert "Länken gäller i 24 timmar." in mail.body


def test_my_data_request_page_has_a_privacy_notice(client, db):
    html = client.get("/mina-uppgifter/").content.decode()
    assert "Så hanterar vi din e-postadress" in html
    assert '<a class="ds-link" href="/personuppgifter/">' in html
    assert '<div class="honeypot" aria-hidden="true">' in html


def test_my_data_request_with_an_invalid_address_shows_the_error(client, db):
    response = _ask(client, "inte-en-adress")
    assert response.status_code == 200
    assert "E-postadress: Skriv e-postadressen så här: namn@exempel.se." in _texts(
        response.content.decode()
    )


def test_my_data_request_honeypot_sends_nothing(client, anna):
    OutboxMessage.objects.all().delete()
    response = _ask(client, "anna@example.se", website="https://spam.example.com")
    assert response["Location"] == "/mina-uppgifter/skickat/"
    assert not OutboxMessage.objects.exists()


def test_my_data_request_is_rate_limited_per_address(client, anna):
    OutboxMessage.objects.all().delete()
    for n in range(3):
        assert _ask(client, "anna@example.se", ip=f"192.0.2.{n + 1}").status_code == 302
    response = _ask(client, "anna@example.se", ip="192.0.2.99")
    assert response.status_code == 429
    assert "Du har bett om många länkar på kort tid." in _texts(response.content.decode())
    assert OutboxMessage.objects.filter(to=["anna@example.se"]).count() == 3


def test_my_data_request_is_rate_limited_per_client(client, anna):
    OutboxMessage.objects.all().delete()
    for n in range(5):
        assert _ask(client, f"person{n}@example.se").status_code == 302
    response = _ask(client, "anna@example.se")
    assert response.status_code == 429
    assert not OutboxMessage.objects.exists()


# --- The page behind the link ----------------------------------------------------------------------


def test_my_data_link_lists_exactly_that_addresss_sign_ups(client, anna, bertil):
    link = _link("ANNA@example.se")
    response = client.get(link)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    titles = re.findall(r'<h3 class="ds-heading"[^>]*><a [^>]*>([^<]+)</a></h3>', html)
    assert titles == ["Första aktiviteten", "Andra aktiviteten"]
    text = _texts(html)
    assert "Det här har vi sparat om din e-postadress. E-postadress anna@example.se" in text
    assert "Du är anmäld. Välkommen!" in text
    assert "Du avanmälde dig den " in text
    assert "Bertil" not in html
    assert "bertil@example.se" not in html
    assert bertil.token not in html
    assert html.count(">Avanmäl mig<") == 1  # only the active sign-up can be cancelled
    assert f'<a class="ds-link" href="{link}data.json" download>' in html


def test_my_data_page_shows_the_queue_position(client, anna, bertil):
    text = _texts(client.get(_link("bertil@example.se")).content.decode())
    assert "Du står på väntelistan: plats 1 av 1." in text


def test_my_data_cancel_cancels_and_promotes(client, anna, bertil):
    confirmed = anna[0]
    response = client.post(_link("anna@example.se"), {"signup": confirmed.pk}, follow=True)
    assert "Du är avanmäld från ”Första aktiviteten”." in _texts(response.content.decode())
    confirmed.refresh_from_db()
    bertil.refresh_from_db()
    assert (confirmed.status, bertil.status) == (Status.CANCELLED, Status.HELD)
    assert OutboxMessage.objects.filter(
        to=["bertil@example.se"], subject__startswith="Du har fått en plats"
    ).exists()


def test_my_data_cancel_of_another_persons_sign_up_is_404(client, anna, bertil):
    response = client.post(_link("anna@example.se"), {"signup": bertil.pk})
    assert response.status_code == 404
    assert SignUp.objects.get(pk=bertil.pk).status == Status.WAITING
    assert client.post(_link("anna@example.se"), {"signup": "x"}).status_code == 404


@pytest.mark.parametrize("bad", ["²", "١²", "9" * 40])
def test_my_data_cancel_with_an_id_that_is_no_number_is_404(client, anna, bad):
    """Found by fuzzing (issue 14, line 5): "²".isdigit() is True, and the lookup was a 500."""
    assert client.post(_link("anna@example.se"), {"signup": bad}).status_code == 404
    assert SignUp.objects.get(pk=anna[0].pk).is_active


def test_my_data_download_is_exactly_that_persons_data(client, anna, bertil, settings):
    response = client.get(_link("anna@example.se") + "data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="mina-uppgifter.json"'
    assert b"bertil" not in response.content.lower()
    data = json.loads(response.content)
    assert (data["email"], data["controller"]) == ("anna@example.se", settings.DATA_CONTROLLER)
    confirmed, cancelled = (SignUp.objects.get(pk=signup.pk) for signup in anna)

    def iso(moment: datetime | None) -> str | None:
        return timezone.localtime(moment).isoformat() if moment else None

    assert data["signups"] == [
        {
            "activity": {
                "title": signup.activity.title,
                "starts_at": iso(signup.activity.starts_at),
                "ends_at": iso(signup.activity.ends_at),
                "url": f"http://127.0.0.1:8000/aktivitet/{signup.activity.slug}/",
            },
            "name": signup.name,
            "email": "anna@example.se",
            "organisation": signup.organisation,
            "no_photo": signup.no_photo,
            "status": signup.status,
            "status_text": str(signup.get_status_display()),
            "created_at": iso(signup.created_at),
            "hold_expires_at": iso(signup.hold_expires_at),
            "confirmed_at": iso(signup.confirmed_at),
            "cancelled_at": iso(signup.cancelled_at),
            "promoted_at": None,
            "reminded_at": None,
        }
        for signup in (confirmed, cancelled)
    ]
    assert [s["name"] for s in data["signups"]] == ["Anna Andersson", "Anna A."]
    assert [s["status"] for s in data["signups"]] == ["confirmed", "cancelled"]
    assert data["signups"][0]["no_photo"] is True


def test_my_data_expired_link_shows_a_friendly_page(client, anna, monkeypatch):
    link = _link("anna@example.se")
    assert client.get(link).status_code == 200
    issued = time.time()
    monkeypatch.setattr(time, "time", lambda: issued + 24 * 60 * 60 + 1)
    for url in (link, link + "data.json"):
        response = client.get(url)
        assert response.status_code == 400
        html = response.content.decode()
        assert "Länken är för gammal eller inte hel." in _texts(html)
        assert '<a class="ds-button" data-variant="primary" href="/mina-uppgifter/">' in html
        assert "anna@example.se" not in html
    response = client.post(link, {"signup": anna[0].pk})
    assert response.status_code == 400
    assert SignUp.objects.get(pk=anna[0].pk).status == Status.CONFIRMED


def test_my_data_forged_link_shows_a_friendly_page(client, anna):
    token = personal_data.link_token("anna@example.se")
    forged = token.replace(token.split(":")[0], personal_data.link_token("x@y.se").split(":")[0])
    for url in (f"/mina-uppgifter/{forged}/", "/mina-uppgifter/anna@example.se/"):
        response = client.get(url)
        assert response.status_code == 400
        assert "Länken fungerar inte" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_my_data_page_query_count_is_fixed(client, organisation, django_assert_num_queries, count):
    for n in range(count):
        activity = make_signup_activity(organisation, capacity=1, title=f"Aktivitet {n}")
        services.sign_up(activity=activity, name="Först", email=f"forst{n}@example.se")
        services.sign_up(activity=activity, name="Cecilia", email="cecilia@example.se")
    link = _link("cecilia@example.se")
    # The sign-ups with their activities and editions; the waiting lists; the layout's current
    # edition. Each sign-up's status and links read nothing more.
    with django_assert_num_queries(3):
        response = client.get(link)
    assert _texts(response.content.decode()).count("plats 1 av 1") == count


# --- Purge -----------------------------------------------------------------------------------------


@pytest.fixture
def old_edition(db):
    return make_edition(2025, current=False)


def _at(day, hour: int = 12) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=STOCKHOLM) + timedelta(hours=hour)


def test_purge_anonymises_old_editions_and_keeps_the_counts(
    organisation, old_edition, activities, anna, settings
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    old = make_activity(old_edition, organisation, status="approved")
    kept_token = anna[0].token
    rows = [
        SignUp.objects.create(
            activity=old,
            name=name,
            email=email,
            organisation="Region Öst",
            no_photo=True,
            status=status,
            confirmed_at=timezone.now(),
        )
        for name, email, status in [
            ("Olle Gammal", "olle@example.se", Status.CONFIRMED),
            ("Anna Andersson", "anna@example.se", Status.CANCELLED),
        ]
    ]
    counts = list(old.signups.order_by("pk").values_list("status", "created_at", "confirmed_at"))
    day_after_grace = old_edition.ends_on + timedelta(days=91)

    # The last day of the grace period: nothing yet.
    assert personal_data.purge_personal_data(now=_at(day_after_grace - timedelta(days=1))) == 0
    assert SignUp.objects.filter(anonymised_at__isnull=False).count() == 0

    assert personal_data.purge_personal_data(now=_at(day_after_grace)) == 2
    assert list(
        old.signups.order_by("pk").values_list(
            "name", "email", "organisation", "no_photo", "anonymised_at"
        )
    ) == [("", f"anonymiserad-{row.pk}@invalid", "", False, _at(day_after_grace)) for row in rows]
    assert list(old.signups.order_by("pk").values_list("status", "created_at", "confirmed_at")) == (
        counts
    )
    assert {signup.token for signup in old.signups.all()}.isdisjoint({row.token for row in rows})
    # This year's sign-ups are untouched, and Anna's old address no longer finds the old row.
    assert SignUp.objects.get(pk=anna[0].pk).name == "Anna Andersson"
    assert SignUp.objects.get(pk=anna[0].pk).token == kept_token
    assert [s.activity for s in personal_data.signups_of("anna@example.se")] == list(activities)


def test_purge_command_reports_and_a_second_run_changes_nothing(
    client, organisation, old_edition, settings
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    old = make_activity(old_edition, organisation, status="approved")
    signup = SignUp.objects.create(
        activity=old, name="Olle", email="olle@example.se", status=Status.CONFIRMED
    )
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert out.getvalue().strip() == (
        "Anonymised 1 sign-up(s) and 0 vote(s) of editions that ended more than 30 days ago."
    )
    after_first = list(SignUp.objects.values())
    assert client.get(f"/anmalan/{signup.token}/").status_code == 404
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert out.getvalue().strip().startswith("Anonymised 0 sign-up(s)")
    assert list(SignUp.objects.values()) == after_first
