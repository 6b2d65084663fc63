"""Webhooks: a coordinator registers a URL and a secret; Veckan POSTs signed JSON when a public
activity is published, changed or cancelled, with retries. A real HTTP server on 127.0.0.1 receives."""

import hashlib
import hmac
import io
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tests.factories import add_totp, make_activity, make_edition, make_user
from veckan.activities import services as activities
from veckan.activities.models import Activity, ContactPerson, Material, Status
from veckan.activities.services import ActivityParts
from veckan.editions.models import Edition
from veckan.outbox.services import retry_delay
from veckan.webhooks.models import AnnouncedEdition, Delivery, Webhook, validate_webhook_url
from veckan.webhooks.services import (
    ANNOUNCE_AFTER,
    announce_due_editions,
    deliver_due_webhooks,
)

pytestmark = [pytest.mark.django_db, pytest.mark.coordinator_signed_in]

LIST = "/samordning/webhooks/"


@pytest.fixture(autouse=True)
def _receivers_on_this_machine(settings):
    # The receivers here listen on 127.0.0.1, standing in for servers on the internet. That webhooks
    # never reach inside in production is proven in test_ssrf.py.
    settings.WEBHOOK_ALLOW_PRIVATE = True


# --- a real receiver -----------------------------------------------------------------------------------


class Receiver:
    """An HTTP server on 127.0.0.1 that keeps every request and answers with `status`."""

    def __init__(self, port: int = 0) -> None:
        self.requests: list[tuple[str, object, bytes]] = []
        self.status = 200
        self.delay = 0.0  # seconds before answering, to make two workers overlap or one time out
        self.stopped = threading.Event()  # cuts a delay short when the server stops
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((self.path, self.headers, body))
                receiver.stopped.wait(receiver.delay)
                self.send_response(receiver.status)
                if 300 <= receiver.status < 400:
                    self.send_header("Location", f"{receiver.url}elsewhere")
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                self.wfile.write(b"Fel hos mottagaren" if receiver.status >= 400 else b"")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.server.shutdown()
        self.server.server_close()

    def events(self) -> list[tuple[str, str]]:
        return [
            (headers["X-Veckan-Event"], json.loads(body)["activity"]["title"])
            for _, headers, body in self.requests
        ]


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


def verify(secret: str, headers, body: bytes) -> bool:
    """What a receiver does, written from the documented scheme, not from our code."""
    signed = headers["X-Veckan-Timestamp"].encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["X-Veckan-Signature"])


# --- the cast ------------------------------------------------------------------------------------------


@pytest.fixture
def reviewer():
    user = make_user("granskare@skr.example.se", coordinator=True)
    add_totp(user)
    return user


@pytest.fixture
def published_edition():
    """Next year's edition whose program has been out since yesterday."""
    now = timezone.now()
    return make_edition(now.year + 1, program_published_at=now - timedelta(days=1))


@pytest.fixture
def unpublished_edition():
    now = timezone.now()
    return make_edition(now.year + 1, program_published_at=now + timedelta(days=1))


def webhook_to(url: str, *, created_at=None, **fields) -> Webhook:
    webhook = Webhook.objects.create(url=url, **fields)
    if created_at:  # auto_now_add ignores a value given to create()
        Webhook.objects.filter(pk=webhook.pk).update(created_at=created_at)
        webhook.refresh_from_db()
    return webhook


def approved(edition, organisation, reviewer, **fields) -> Activity:
    activity = make_activity(edition, organisation, status=Status.SUBMITTED, **fields)
    activities.approve_activity(activity=activity, reviewer=reviewer)
    return activity


def queued() -> list[tuple[int, str, int, str]]:
    return list(
        Delivery.objects.order_by("pk").values_list("webhook_id", "event", "activity_id", "status")
    )


# --- queueing ------------------------------------------------------------------------------------------


def test_approval_in_published_edition_queues_one_published_per_active_webhook(
    published_edition, organisation, reviewer
):
    first = webhook_to("https://kalender.linkoping.example.se/hooks/veckan")
    second = webhook_to("https://evenemang.regionostergotland.example.se/in")
    webhook_to("https://pausad.example.se/", is_active=False)

    activity = approved(published_edition, organisation, reviewer, title="Öppna data i Växjö")

    assert queued() == [
        (first.pk, "published", activity.pk, "pending"),
        (second.pk, "published", activity.pk, "pending"),
    ]
    payload = Delivery.objects.first().payload
    assert (payload["event"], payload["activity"]["title"], payload["activity"]["status"]) == (
        "published",
        "Öppna data i Växjö",
        "scheduled",
    )


def test_approval_before_the_program_is_published_queues_nothing(
    unpublished_edition, organisation, reviewer
):
    webhook_to("https://kalender.example.se/")
    activity = approved(unpublished_edition, organisation, reviewer)
    assert Activity.objects.get(pk=activity.pk).status == Status.APPROVED
    assert queued() == []


def test_deliveries_roll_back_with_the_change_that_caused_them(
    published_edition, organisation, reviewer
):
    webhook_to("https://kalender.example.se/")
    activity = make_activity(published_edition, organisation, status=Status.SUBMITTED)

    def approve_then_fail() -> None:
        with transaction.atomic():
            activities.approve_activity(activity=activity, reviewer=reviewer)
            assert len(queued()) == 1
            raise RuntimeError("something after the approval failed")

    with pytest.raises(RuntimeError, match="after the approval"):
        approve_then_fail()

    assert Activity.objects.get().status == Status.SUBMITTED
    assert queued() == []


def test_change_of_an_approved_activity_sends_changed_only_when_its_open_data_changes(
    published_edition, organisation, owner, reviewer
):
    webhook = webhook_to("https://kalender.example.se/")
    activity = approved(published_edition, organisation, reviewer)

    activity.title = "Så bygger vi e-tjänster ihop"
    activities.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    # A new time waits for review: the public version, and so the open data, is unchanged.
    activity = Activity.objects.get()
    activity.starts_at += timedelta(hours=2)
    activity.ends_at += timedelta(hours=2)
    activities.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    assert len(queued()) == 2

    activities.approve_activity(activity=Activity.objects.get(), reviewer=reviewer)

    assert [(d.event, d.activity_title) for d in Delivery.objects.order_by("pk")] == [
        ("published", "Så bygger vi framtidens e-tjänster"),
        ("changed", "Så bygger vi e-tjänster ihop"),
        ("changed", "Så bygger vi e-tjänster ihop"),
    ]
    last = Delivery.objects.order_by("pk").last()
    assert last.webhook == webhook
    assert last.payload["activity"]["starts_at"].endswith("T11:00:00+02:00")


def test_cancelling_a_public_activity_sends_cancelled(
    published_edition, organisation, owner, reviewer
):
    webhook_to("https://kalender.example.se/")
    activity = approved(published_edition, organisation, reviewer)

    activities.cancel_activity(activity=activity, by=owner, reason="Föreläsaren är sjuk.")

    cancelled = Delivery.objects.order_by("pk").last()
    assert [d.event for d in Delivery.objects.order_by("pk")] == ["published", "cancelled"]
    assert (
        cancelled.payload["activity"]["status"],
        cancelled.payload["activity"]["cancellation_reason"],
    ) == (
        "cancelled",
        "Föreläsaren är sjuk.",
    )


def test_cancelling_before_publication_sends_nothing(
    unpublished_edition, organisation, owner, reviewer
):
    webhook_to("https://kalender.example.se/")
    activity = approved(unpublished_edition, organisation, reviewer)
    activities.cancel_activity(activity=activity, by=owner, reason="Föreläsaren är sjuk.")
    assert queued() == []


def test_recording_added_after_the_week_sends_changed(organisation, owner, reviewer):
    last_year = make_edition(timezone.now().year - 1, current=False)
    activity = approved(last_year, organisation, reviewer)  # before any webhook: nothing queued
    webhook_to("https://kalender.example.se/")

    activities.save_follow_up(
        activity=Activity.objects.get(),
        recording_url="https://play.example.se/inspelning",
        materials=[Material(title="Bilder", url="https://example.se/bilder.pdf")],
    )

    [delivery] = Delivery.objects.all()
    assert (delivery.event, delivery.activity_id) == ("changed", activity.pk)
    assert delivery.payload["activity"]["recording_url"] == "https://play.example.se/inspelning"


def test_nothing_that_is_not_public_ever_produces_a_delivery(
    published_edition, organisation, owner, reviewer
):
    webhook_to("https://kalender.example.se/", created_at=published_edition.program_published_at)
    draft = make_activity(published_edition, organisation, title="Utkast")
    activities.update_activity(activity=draft, parts=ActivityParts(), editor=owner)
    submitted = make_activity(published_edition, organisation, title="Inskickad")
    activities.submit_activity(activity=submitted, by=reviewer)  # registration is closed
    sent_back = make_activity(
        published_edition, organisation, title="Tillbakaskickad", status=Status.SUBMITTED
    )
    activities.request_changes(activity=sent_back, reviewer=reviewer, comment="Lägg till adressen.")
    activities.update_activity(activity=sent_back, parts=ActivityParts(), editor=owner)
    rejected = make_activity(
        published_edition, organisation, title="Avslagen", status=Status.SUBMITTED
    )
    activities.reject_activity(activity=rejected, reviewer=reviewer, reason="Fel vecka.")
    withdrawn = make_activity(
        published_edition, organisation, title="Återkallad", status=Status.SUBMITTED
    )
    activities.withdraw_activity(activity=withdrawn, by=owner)

    announce_due_editions()

    assert AnnouncedEdition.objects.get().edition == published_edition
    assert queued() == []


# --- delivering ----------------------------------------------------------------------------------------


def test_worker_posts_signed_public_json_that_the_receiver_can_verify(
    receiver, published_edition, organisation, reviewer
):
    webhook = webhook_to(receiver.url)
    activity = make_activity(
        published_edition, organisation, status=Status.SUBMITTED, title="Öppna data i Växjö"
    )
    ContactPerson.objects.bulk_create(
        [
            ContactPerson(
                activity=activity,
                name="Visad",
                email="visad@kommun.example.se",
                show_email=True,
                position=0,
            ),
            ContactPerson(
                activity=activity,
                name="Dold e-post",
                email="dold@kommun.example.se",
                phone="013-12 34 56",
                show_phone=True,
                position=1,
            ),
            ContactPerson(
                activity=activity, name="Helt dold", email="hemlig@kommun.example.se", position=2
            ),
        ]
    )
    activities.approve_activity(activity=activity, reviewer=reviewer)
    before = int(time.time())

    assert deliver_due_webhooks() == 1

    [(path, headers, body)] = receiver.requests
    delivery = Delivery.objects.get()
    assert path == "/"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["User-Agent"] == "Veckan-webhooks/1"
    assert headers["X-Veckan-Event"] == "published"
    assert headers["X-Veckan-Delivery"] == str(delivery.pk)
    assert before <= int(headers["X-Veckan-Timestamp"]) <= int(time.time())
    assert verify(webhook.secret, headers, body)
    assert not verify("en annan nyckel", headers, body)
    assert "Växjö".encode() in body  # UTF-8 as it is, not \u escapes
    sent = json.loads(body)
    assert sent == delivery.payload
    assert (sent["event"], sent["activity"]["id"], sent["activity"]["title"]) == (
        "published",
        activity.pk,
        "Öppna data i Växjö",
    )
    assert sent["activity"]["starts_at"].endswith("T09:00:00+02:00")
    assert sent["activity"]["contacts"] == [
        {"name": "Visad", "email": "visad@kommun.example.se", "phone": ""},
        {"name": "Dold e-post", "email": "", "phone": "013-12 34 56"},
    ]
    assert b"dold@kommun.example.se" not in body
    assert b"hemlig@kommun.example.se" not in body
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.last_error) == (
        "sent",
        1,
        200,
        "",
    )
    assert delivery.delivered_at is not None
    assert deliver_due_webhooks(now=timezone.now() + timedelta(days=1)) == 0
    assert len(receiver.requests) == 1


def test_receiver_error_is_retried_with_backoff_then_delivered_exactly_once(
    receiver, published_edition, organisation, reviewer
):
    webhook_to(receiver.url)
    approved(published_edition, organisation, reviewer)
    receiver.status = 500
    now = timezone.now()

    assert deliver_due_webhooks(now=now) == 0

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    assert delivery.last_error == "HTTP 500"  # never what the receiver wrote back
    assert delivery.next_attempt_at == now + retry_delay(1)
    assert delivery.next_attempt_at > timezone.now()

    assert deliver_due_webhooks(now=now) == 0  # not due yet
    assert len(receiver.requests) == 1

    receiver.status = 200
    assert deliver_due_webhooks(now=delivery.next_attempt_at + timedelta(seconds=1)) == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.last_error) == (
        "sent",
        2,
        200,
        "",
    )
    assert deliver_due_webhooks(now=delivery.next_attempt_at + timedelta(days=1)) == 0
    assert [headers["X-Veckan-Delivery"] for _, headers, _ in receiver.requests] == [
        str(delivery.pk)
    ] * 2


def test_delivery_fails_after_max_attempts(
    settings, receiver, published_edition, organisation, reviewer
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    webhook_to(receiver.url)
    approved(published_edition, organisation, reviewer)
    receiver.status = 503
    now = timezone.now()

    for attempt in range(1, 4):
        assert deliver_due_webhooks(now=now) == 0
        delivery = Delivery.objects.get()
        assert delivery.attempts == attempt
        now = delivery.next_attempt_at + timedelta(seconds=1)

    assert (delivery.status, delivery.response_status) == ("failed", 503)
    receiver.status = 200
    assert deliver_due_webhooks(now=now + timedelta(days=1)) == 0
    assert len(receiver.requests) == 3


def test_redirect_is_not_followed_and_counts_as_a_failure(
    receiver, published_edition, organisation, reviewer
):
    webhook_to(receiver.url)
    approved(published_edition, organisation, reviewer)
    receiver.status = 302

    assert deliver_due_webhooks() == 0

    assert [path for path, _, _ in receiver.requests] == ["/"]  # never /elsewhere
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 302)
    assert delivery.last_error.startswith("HTTP 302")


def test_unreachable_receiver_is_retried_and_does_not_hold_up_the_others(
    receiver, published_edition, organisation, reviewer
):
    closed = Receiver()
    closed.stop()  # nothing listens on its port any more
    dead = webhook_to(closed.url)
    alive = webhook_to(receiver.url)
    approved(published_edition, organisation, reviewer, title="Första")
    approved(published_edition, organisation, reviewer, title="Andra")

    assert deliver_due_webhooks() == 2

    assert receiver.events() == [("published", "Första"), ("published", "Andra")]
    # One refused connection is enough: the dead webhook's second delivery waits for the next run.
    assert sorted(Delivery.objects.filter(webhook=dead).values_list("attempts", flat=True)) == [
        0,
        1,
    ]
    assert "ConnectionRefusedError" in Delivery.objects.get(webhook=dead, attempts=1).last_error
    assert set(Delivery.objects.filter(webhook=alive).values_list("status", flat=True)) == {"sent"}


def test_paused_webhook_keeps_what_was_queued_until_it_is_active_again(
    receiver, published_edition, organisation, reviewer
):
    webhook = webhook_to(receiver.url)
    approved(published_edition, organisation, reviewer, title="Före pausen")
    Webhook.objects.filter(pk=webhook.pk).update(is_active=False)
    approved(published_edition, organisation, reviewer, title="Under pausen")

    assert deliver_due_webhooks() == 0
    Webhook.objects.filter(pk=webhook.pk).update(is_active=True)
    assert deliver_due_webhooks() == 1

    assert receiver.events() == [("published", "Före pausen")]


def run_together(work, workers: int = 2) -> list:
    """Run `work` in several threads at once, each with its own database connection."""
    results: list = []
    start = threading.Barrier(workers)

    def worker() -> None:
        try:
            start.wait()
            results.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks with SKIP LOCKED need PostgreSQL"
)


@pytest.mark.postgres_only
@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_send_each_delivery_exactly_once(
    receiver, published_edition, organisation, reviewer
):
    webhook_to(receiver.url)
    webhook_to(receiver.url + "andra")
    for n in range(3):
        approved(published_edition, organisation, reviewer, title=f"Aktivitet {n}")
    receiver.delay = 0.1

    sent = run_together(deliver_due_webhooks)

    assert sum(sent) == 6
    ids = sorted(int(headers["X-Veckan-Delivery"]) for _, headers, _ in receiver.requests)
    assert ids == sorted(Delivery.objects.values_list("pk", flat=True))
    assert set(Delivery.objects.values_list("status", "attempts")) == {("sent", 1)}


@pytest.mark.postgres_only
@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_announce_an_edition_once(unpublished_edition, organisation, reviewer):
    edition = unpublished_edition
    webhook = webhook_to("https://kalender.example.se/")
    shown = [approved(edition, organisation, reviewer, title=f"Aktivitet {n}") for n in range(3)]
    published_at = timezone.now() - ANNOUNCE_AFTER - timedelta(seconds=1)
    Edition.objects.filter(pk=edition.pk).update(program_published_at=published_at)
    Webhook.objects.filter(pk=webhook.pk).update(created_at=published_at - timedelta(days=1))

    queued_by_each = run_together(announce_due_editions)

    assert sorted(queued_by_each) == [0, 3]
    assert AnnouncedEdition.objects.count() == 1
    assert sorted(d[2] for d in queued()) == [a.pk for a in shown]


# --- publication by the clock --------------------------------------------------------------------------


def test_program_published_by_the_clock_is_announced_once_by_send_webhooks(
    receiver, unpublished_edition, organisation, owner, reviewer
):
    edition = unpublished_edition
    webhook = webhook_to(receiver.url)
    late = webhook_to("https://sen.example.se/")  # registered after the publication, see below
    shown = approved(edition, organisation, reviewer, title="Godkänd")
    cancelled = approved(edition, organisation, reviewer, title="Inställd")
    activities.cancel_activity(activity=cancelled, by=owner, reason="Sjukdom.")
    make_activity(edition, organisation, title="Utkast")
    make_activity(edition, organisation, title="Inskickad", status=Status.SUBMITTED)
    make_activity(edition, organisation, title="Avslagen", status=Status.REJECTED)
    assert queued() == []

    # The publication time passes; no request happens.
    published_at = timezone.now() - ANNOUNCE_AFTER - timedelta(seconds=1)
    Edition.objects.filter(pk=edition.pk).update(program_published_at=published_at)
    Webhook.objects.filter(pk=webhook.pk).update(created_at=published_at - timedelta(days=1))
    Webhook.objects.filter(pk=late.pk).update(created_at=published_at + timedelta(seconds=1))
    output = io.StringIO()
    call_command("send_webhooks", verbosity=2, stdout=output)
    call_command("send_webhooks", verbosity=2, stdout=output)

    assert output.getvalue() == (
        "Queued 2 event(s) for published editions.\nSent 2 webhook event(s).\n"
    )
    assert queued() == [
        (webhook.pk, "published", shown.pk, "sent"),
        (webhook.pk, "published", cancelled.pk, "sent"),
    ]
    assert receiver.events() == [("published", "Godkänd"), ("published", "Inställd")]
    assert [json.loads(body)["activity"]["status"] for _, _, body in receiver.requests] == [
        "scheduled",
        "cancelled",
    ]
    assert AnnouncedEdition.objects.get().edition == edition


def test_announcement_waits_a_moment_after_publication_and_never_repeats_an_approval(
    unpublished_edition, organisation, reviewer
):
    edition = unpublished_edition
    webhook = webhook_to(
        "https://kalender.example.se/", created_at=timezone.now() - timedelta(days=1)
    )
    before = approved(edition, organisation, reviewer, title="Före publiceringen")

    # Right at the publication time it is too early: an approval's transaction may still be open.
    assert announce_due_editions(now=edition.program_published_at) == 0
    assert not AnnouncedEdition.objects.exists()
    # Just after the publication time, before the announcement: an approval sends its own.
    Edition.objects.filter(pk=edition.pk).update(
        program_published_at=timezone.now() - timedelta(seconds=10)
    )
    edition.refresh_from_db()
    after = approved(edition, organisation, reviewer, title="Efter publiceringen")
    assert queued() == [(webhook.pk, "published", after.pk, "pending")]

    assert announce_due_editions(now=timezone.now() + ANNOUNCE_AFTER) == 2
    assert announce_due_editions(now=timezone.now() + ANNOUNCE_AFTER) == 0

    assert sorted((d[2], d[1]) for d in queued()) == [
        (before.pk, "published"),
        (after.pk, "published"),
    ]


def test_editions_published_before_any_webhook_existed_are_not_replayed(
    published_edition, organisation, reviewer
):
    approved(published_edition, organisation, reviewer)  # no webhook yet: nothing to queue
    webhook_to("https://ny.example.se/")

    assert announce_due_editions() == 0

    assert AnnouncedEdition.objects.get().edition == published_edition
    assert queued() == []


# --- the URL rule --------------------------------------------------------------------------------------


def test_webhook_url_must_be_https_unless_in_development_or_inside(settings):
    settings.DEBUG = False
    validate_webhook_url("https://kalender.example.se/hook")
    # Plain http to a receiver inside, when allowed (tests, a developer's machine): the traffic
    # never leaves it.
    validate_webhook_url("http://127.0.0.1:8080/hook")
    validate_webhook_url("http://localhost/hook")
    for url in ("http://kalender.example.se/hook", "ftp://kalender.example.se/hook"):
        with pytest.raises(ValidationError) as error:
            validate_webhook_url(url)
        assert error.value.messages == [
            "Adressen måste börja med https://, så att ingen kan läsa eller ändra det som skickas."
        ]
    settings.DEBUG = True
    validate_webhook_url("http://kalender.example.se/hook")


# --- the coordinators' pages ---------------------------------------------------------------------------


def test_webhook_pages_are_for_coordinators_only(client, owner):
    webhook = webhook_to("https://kalender.example.se/")
    client.force_login(owner)

    for url in (LIST, f"{LIST}ny/", f"{LIST}{webhook.pk}/"):
        assert client.get(url).status_code == 403
    assert client.post(f"{LIST}ny/", {"url": "https://ond.example.se/"}).status_code == 403
    assert client.post(f"{LIST}{webhook.pk}/aktiv/").status_code == 403
    assert client.post(f"{LIST}{webhook.pk}/ta-bort/").status_code == 403

    assert list(Webhook.objects.values_list("url", "is_active")) == [
        ("https://kalender.example.se/", True)
    ]


def test_creating_a_webhook_shows_its_secret_once(client, coordinator):
    response = client.post(
        f"{LIST}ny/",
        {
            "url": "https://kalender.linkoping.example.se/veckan",
            "description": "Linköpings kalender",
        },
    )

    webhook = Webhook.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}{webhook.pk}/"
    assert (webhook.url, webhook.description, webhook.is_active, webhook.created_by) == (
        "https://kalender.linkoping.example.se/veckan",
        "Linköpings kalender",
        True,
        coordinator,
    )
    assert len(webhook.secret) >= 43

    first = client.get(response["Location"])
    page = first.content.decode()
    assert "Webhooken är skapad." in page
    assert "Spara den hemliga nyckeln nu" in page
    assert f'<code id="webhook-secret">{webhook.secret}</code>' in page
    assert "no-store" in first["Cache-Control"]

    again = client.get(response["Location"])
    assert webhook.secret not in again.content.decode()
    assert webhook.secret not in client.get(LIST).content.decode()


def test_a_second_webhook_gets_its_own_secret(client, coordinator):
    for n in range(2):
        client.post(f"{LIST}ny/", {"url": f"https://mottagare{n}.example.se/", "description": ""})
    first, second = Webhook.objects.order_by("pk")
    assert first.secret != second.secret


def test_http_url_to_another_host_is_refused_with_a_message(client, coordinator):
    response = client.post(f"{LIST}ny/", {"url": "http://kalender.example.se/", "description": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "url": [
            "Adressen måste börja med https://, så att ingen kan läsa eller ändra det som skickas."
        ]
    }
    assert not Webhook.objects.exists()


def test_coordinator_pauses_resumes_and_deletes_a_webhook(
    client, coordinator, published_edition, organisation, reviewer
):
    webhook = webhook_to("https://kalender.example.se/")
    approved(published_edition, organisation, reviewer)

    response = client.post(f"{LIST}{webhook.pk}/aktiv/", follow=True)
    assert "https://kalender.example.se/ är pausad." in response.content.decode()
    webhook.refresh_from_db()
    assert webhook.is_active is False

    client.post(f"{LIST}{webhook.pk}/aktiv/")
    webhook.refresh_from_db()
    assert webhook.is_active is True

    assert client.get(f"{LIST}{webhook.pk}/ta-bort/").status_code == 405
    response = client.post(f"{LIST}{webhook.pk}/ta-bort/", follow=True)
    assert "Webhooken till https://kalender.example.se/ är borttagen." in response.content.decode()
    assert not Webhook.objects.exists()
    assert not Delivery.objects.exists()


def test_delivery_log_shows_the_latest_fifty_of_this_webhook_only(
    client, coordinator, published_edition, organisation
):
    webhook = webhook_to("https://kalender.example.se/")
    other = webhook_to("https://annan.example.se/")
    activity = make_activity(published_edition, organisation, status=Status.APPROVED)
    Delivery.objects.bulk_create(
        Delivery(
            webhook=hook,
            event="changed",
            activity_id=activity.pk,
            payload={"activity": {"title": f"{hook.url} nr {n}"}},
        )
        for n in range(55)
        for hook in (webhook, other)
    )

    response = client.get(f"{LIST}{webhook.pk}/")

    titles = [d.activity_title for d in response.context["deliveries"]]
    assert titles == [f"https://kalender.example.se/ nr {n}" for n in range(54, 4, -1)]


@pytest.mark.parametrize("count", [1, 3])
def test_webhook_list_query_count_is_fixed(
    client, coordinator, published_edition, organisation, reviewer, django_assert_num_queries, count
):
    for n in range(count):
        webhook_to(f"https://mottagare{n}.example.se/", created_by=reviewer)
    for n in range(2):
        approved(published_edition, organisation, reviewer, title=f"Aktivitet {n}")
    Delivery.objects.filter(pk=Delivery.objects.order_by("pk").first().pk).update(status="failed")

    with django_assert_num_queries(6):
        response = client.get(LIST)

    rows = [
        (w.url, w.pending, w.failed, [d.activity_title for d in w.latest_deliveries])
        for w in response.context["webhooks"]
    ]
    assert rows == [
        (
            f"https://mottagare{n}.example.se/",
            2 if n else 1,
            0 if n else 1,
            ["Aktivitet 1", "Aktivitet 0"],
        )
        for n in range(count)
    ]
