import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.utils import timezone

from veckan.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
# Failures that say nothing about the message, only that the mail server cannot be reached now.
SERVER_UNREACHABLE = (
    ConnectionError,
    TimeoutError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4, 8 … minutes after each failure, never more than six hours."""
    # Cap the multiplier, not the result: from attempt 42 the timedelta itself overflows, which would
    # roll back the attempt and crash the worker whenever OUTBOX_MAX_ATTEMPTS is set above 41.
    return FIRST_RETRY * min(2 ** (attempts - 1), LONGEST_WAIT // FIRST_RETRY)


def _as_email(row: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        headers=row.headers,
    )
    if row.html_body:
        email.attach_alternative(row.html_body, "text/html")
    for attachment in row.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email


def deliver_due(*, now: datetime | None = None, limit: int = 100) -> int:
    """Try to deliver up to `limit` due messages; returns how many were sent.

    Side effects: sends email through the "delivery" mailer and records each attempt. Each message is
    locked in its own transaction (SKIP LOCKED on PostgreSQL), so several workers never send one message
    twice. A failure is kept with its error and retried later; after OUTBOX_MAX_ATTEMPTS it is marked
    failed and shows in the admin. When the server cannot be reached at all, the run stops early.
    """
    now = now or timezone.now()
    sent = 0
    connection = mailers["delivery"]
    for _ in range(limit):
        with transaction.atomic():
            row = (
                OutboxMessage.objects.due(now)
                .order_by("next_attempt_at", "pk")
                .select_for_update(skip_locked=True)
                .first()
            )
            if row is None:
                break
            row.attempts += 1
            server_down = False
            try:
                connection.send_messages([_as_email(row)])
            except Exception as error:  # Whatever the mail server says, keep the message and retry.
                server_down = isinstance(error, SERVER_UNREACHABLE)
                logger.warning(
                    "Outbox message %s failed (attempt %s): %s", row.pk, row.attempts, error
                )
                row.last_error = f"{type(error).__name__}: {error}"
                if row.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                    row.status = OutboxMessage.Status.FAILED
                else:
                    row.next_attempt_at = now + retry_delay(row.attempts)
            else:
                row.status = OutboxMessage.Status.SENT
                row.sent_at = timezone.now()
                row.last_error = ""
                sent += 1
            row.save(
                update_fields=["attempts", "status", "next_attempt_at", "last_error", "sent_at"]
            )
        if row.status == OutboxMessage.Status.PENDING and server_down:
            # The rest would wait on the same dead server; the next run retries them. They wait as
            # long as the one tried, so mail still leaves in the order it was written.
            OutboxMessage.objects.due(now).filter(pk__gt=row.pk).update(
                next_attempt_at=row.next_attempt_at
            )
            break
    return sent


def delete_delivered(*, older_than: timedelta, now: datetime | None = None) -> int:
    """Delete delivered and failed messages older than `older_than`: they hold names, addresses and
    personal links, and nothing needs them once they are out. Pending ones are never touched."""
    cutoff = (now or timezone.now()) - older_than
    deleted, _ = (
        OutboxMessage.objects.exclude(status=OutboxMessage.Status.PENDING)
        .filter(created_at__lt=cutoff)
        .delete()
    )
    return deleted
