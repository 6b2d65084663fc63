"""Issue 21, line 1: the mail server (a real aiosmtpd on 127.0.0.1) refuses connections during a
burst of 200 sign-ups, then comes back: every confirmation is delivered exactly once, in the order of
sign-up, and the outbox shows the retries."""

from datetime import timedelta

import pytest

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
