"""Issue 21, line 1: the mail server (a real aiosmtpd on 127.0.0.1) refuses connections during a
burst of 200 sign-ups, then comes back: every confirmation is delivered exactly once, in the order of
sign-up, and the outbox shows the retries. Two workers at once (on PostgreSQL) never send one
message twice."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.core.mail import send_mail
from django.db import connection

from tests.factories import make_signup_activity
from tests.outbox.test_outbox import smtp_port, start_smtp_server  # noqa: F401  (fixtures)
from veckan.outbox.models import OutboxMessage
from veckan.outbox.services import deliver_due
from veckan.signups import services

pytestmark = pytest.mark.django_db


def test_two_hundred_sign_ups_while_the_mail_server_refuses(organisation, start_smtp_server):  # noqa: F811
    activity = make_signup_activity(organisation, capacity=300, title="Stor fika")
    emails = [f"person{n}@example.se" for n in range(200)]
    for n, address in enumerate(emails):
        services.sign_up(activity=activity, name=f"Person {n}", email=address)
    assert OutboxMessage.objects.count() == 200

    # Nothing listens: the worker tries, keeps every message and retries later.
    assert deliver_due() == 0
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 200
    assert OutboxMessage.objects.filter(attempts__gte=1).exists()
    tried = OutboxMessage.objects.filter(attempts__gte=1).first()
    assert "ConnectionRefusedError" in tried.last_error

    inbox = start_smtp_server()
    later = tried.next_attempt_at + timedelta(seconds=1)
    assert deliver_due(now=later, limit=500) == 200
    assert deliver_due(now=later + timedelta(days=1), limit=500) == 0

    recipients = [envelope.rcpt_tos[0] for envelope in inbox.envelopes]
    assert recipients == emails  # exactly once each, in sign-up order
    assert not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()
    assert OutboxMessage.objects.filter(attempts=2).exists()  # the retry shows


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL")
def test_two_outbox_workers_at_once_never_send_one_message_twice(start_smtp_server):  # noqa: F811
    inbox = start_smtp_server()
    emails = [f"person{n}@example.se" for n in range(200)]
    for n, address in enumerate(emails):
        send_mail(f"Bekräftelse {n}", "Hej!\n", "noreply@innovationsveckan.se", [address])
    start = threading.Barrier(2)
    sent_by_each: list[int] = []
    errors: list[Exception] = []

    def worker() -> None:
        # Each thread is a worker of its own: its own database connection and SMTP connection.
        try:
            start.wait()
            sent_by_each.append(deliver_due(limit=500))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sum(sent_by_each) == 200
    assert all(sent_by_each), sent_by_each  # both really worked, side by side
    per_recipient = Counter(rcpt for envelope in inbox.envelopes for rcpt in envelope.rcpt_tos)
    assert per_recipient == Counter(emails)  # every message exactly once
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {
        (OutboxMessage.Status.SENT, 1)
    }
