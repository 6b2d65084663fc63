"""Issue 21, line 5: webhook receivers down or slow. Deliveries retry with backoff, never block a
request, and a receiver that answers in 30 s does not hold a worker. The receivers are real HTTP
servers on 127.0.0.1 (tests/webhooks/test_webhooks.py's Receiver), standing in for servers on the
internet, so WEBHOOK_ALLOW_PRIVATE is on here; that production refuses them is test_ssrf.py's."""

import io
import socket
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_activity
from tests.webhooks.test_webhooks import (  # noqa: F401  (fixtures)
    Receiver,
    approved,
    published_edition,
    receiver,
    reviewer,
    webhook_to,
)
from veckan.activities.models import Status
from veckan.webhooks import services
from veckan.webhooks.models import Delivery
from veckan.webhooks.services import deliver_due_webhooks

pytestmark = [pytest.mark.django_db, pytest.mark.coordinator_signed_in]


@pytest.fixture(autouse=True)
def _receivers_on_this_machine(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_receiver_that_refuses_connections_is_retried_with_growing_waits_then_served_once(
    published_edition,  # noqa: F811
    organisation,
    reviewer,  # noqa: F811
):
    port = _free_port()  # nothing listens there yet: every connection is refused
    webhook_to(f"http://127.0.0.1:{port}/hook")
    approved(published_edition, organisation, reviewer, title="Fika i Växjö")
    now = timezone.now()

    waits = []
    for attempt in range(1, 5):
        assert deliver_due_webhooks(now=now) == 0
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (
            "pending",
            attempt,
            None,
        )
        assert delivery.last_error.startswith("ConnectionRefusedError")
        assert deliver_due_webhooks(now=delivery.next_attempt_at - timedelta(seconds=1)) == 0
        waits.append(delivery.next_attempt_at - now)
        now = delivery.next_attempt_at + timedelta(seconds=1)
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8)]  # backoff: each wait doubles

    server = Receiver(port)  # the receiver is back
    try:
        assert deliver_due_webhooks(now=now) == 1
        assert deliver_due_webhooks(now=now + timedelta(days=1)) == 0
    finally:
        server.stop()

    assert server.events() == [("published", "Fika i Växjö")]  # once
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.last_error) == (
        "sent",
        5,
        200,
        "",
    )


def test_receiver_that_answers_in_30_seconds_does_not_hold_the_worker(
    monkeypatch,
    receiver,  # noqa: F811
    published_edition,  # noqa: F811
    organisation,
    reviewer,  # noqa: F811
):
    monkeypatch.setattr(services, "TIMEOUT_SECONDS", 1)  # 10 s in production; 1 s keeps this short
    slow = Receiver()
    slow.delay = 30
    slow_hook = webhook_to(slow.url)
    fast_hook = webhook_to(receiver.url)
    approved(published_edition, organisation, reviewer, title="Fika")
    now = timezone.now()

    try:
        started = time.monotonic()
        assert deliver_due_webhooks(now=now) == 1
        elapsed = time.monotonic() - started

        # The worker gave up on the slow receiver at the timeout and went on to the next one.
        assert 1 <= elapsed < 5
        assert len(slow.requests) == 1
        assert receiver.events() == [("published", "Fika")]
        waiting = Delivery.objects.get(webhook=slow_hook)
        assert (waiting.status, waiting.attempts, waiting.response_status) == ("pending", 1, None)
        assert waiting.last_error.startswith("TimeoutError")
        assert waiting.next_attempt_at == now + timedelta(minutes=1)
        assert Delivery.objects.get(webhook=fast_hook).status == "sent"

        # Later the receiver answers in time: the retry delivers the same event.
        slow.delay = 0
        assert deliver_due_webhooks(now=waiting.next_attempt_at + timedelta(seconds=1)) == 1
    finally:
        slow.stop()

    assert slow.events() == [("published", "Fika")] * 2
    assert len({headers["X-Veckan-Delivery"] for _, headers, _ in slow.requests}) == 1
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts, waiting.response_status) == ("sent", 2, 200)


def test_the_request_that_causes_an_event_never_contacts_the_receiver(
    client,
    coordinator,
    receiver,  # noqa: F811
    published_edition,  # noqa: F811
    organisation,
):
    receiver.delay = 30  # were the request to wait for it, it would take 30 s
    webhook_to(receiver.url)
    activity = make_activity(published_edition, organisation, status=Status.SUBMITTED, title="Fika")

    started = time.monotonic()
    response = client.post(f"/samordning/granskning/{activity.pk}/godkann/", {"comment": ""})
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == Status.APPROVED
    assert receiver.requests == []  # the request only queued the event
    assert elapsed < 5
    assert list(Delivery.objects.values_list("event", "status")) == [("published", "pending")]

    receiver.delay = 0
    call_command("send_webhooks", stdout=io.StringIO())  # the worker delivers it

    assert receiver.events() == [("published", "Fika")]
    assert Delivery.objects.get().status == "sent"
