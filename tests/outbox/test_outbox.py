import email
import email.policy
import io
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail import EmailAlternative, EmailMultiAlternatives, send_mail
from django.core.management import call_command
from django.utils import timezone

from veckan.outbox.models import OutboxMessage
from veckan.outbox.services import deliver_due, retry_delay

pytestmark = pytest.mark.django_db

SENDER = "noreply@innovationsveckan.se"
RECIPIENT = "deltagare@kommun.example.se"


class SmtpInbox:
    """aiosmtpd handler that keeps every envelope the server accepts."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port(settings) -> int:
    """A free local port the "delivery" mailer speaks SMTP to; nothing listens until started."""
    port = _free_port()
    settings.MAILERS = {
        "default": {"BACKEND": "veckan.outbox.backends.OutboxBackend"},
        "delivery": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        },
    }
    return port


@pytest.fixture
def start_smtp_server(smtp_port):
    """Starts a real SMTP server on smtp_port when called; returns its inbox."""
    controllers = []

    def start() -> SmtpInbox:
        inbox = SmtpInbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        controllers.append(controller)
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def _send_welcome(subject: str = "Välkommen", body: str = "Hej!\n") -> OutboxMessage:
    send_mail(subject, body, SENDER, [RECIPIENT])
    return OutboxMessage.objects.get()


def test_outbox_stores_mail_and_sends_nothing_until_the_worker_runs():
    send_mail("Välkommen", "Hej Åsa!", SENDER, [RECIPIENT])

    row = OutboxMessage.objects.get()
    assert (row.subject, row.body, row.from_email, row.to) == (
        "Välkommen",
        "Hej Åsa!",
        SENDER,
        [RECIPIENT],
    )
    assert (row.status, row.attempts, row.sent_at) == (OutboxMessage.Status.PENDING, 0, None)
    assert mail.outbox == []


def test_deliver_due_sends_each_message_exactly_once():
    send_mail("Välkommen", "Hej Åsa!", SENDER, [RECIPIENT])

    assert deliver_due() == 1

    assert [(m.subject, m.body, m.from_email, m.to) for m in mail.outbox] == [
        ("Välkommen", "Hej Åsa!", SENDER, [RECIPIENT])
    ]
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts, row.last_error) == (OutboxMessage.Status.SENT, 1, "")
    assert row.sent_at is not None

    assert deliver_due() == 0
    assert deliver_due(now=timezone.now() + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_outbox_keeps_html_alternative_through_delivery():
    html = "<p>Hej <strong>Åsa</strong>!</p>"
    message = EmailMultiAlternatives("Välkommen", "Hej Åsa!", SENDER, [RECIPIENT])
    message.attach_alternative(html, "text/html")
    message.send()

    assert OutboxMessage.objects.get().html_body == html
    assert deliver_due() == 1

    [delivered] = mail.outbox
    assert delivered.body == "Hej Åsa!"
    assert delivered.alternatives == [EmailAlternative(html, "text/html")]


def test_deliver_due_speaks_smtp_with_swedish_letters_intact(start_smtp_server):
    inbox = start_smtp_server()
    subject = "Välkommen till Innovationsveckan – åäö ÅÄÖ"
    body = "Hej Åsa!\n\nDu är anmäld till öppningen i Växjö. Vi ses på måndag.\n"
    send_mail(subject, body, SENDER, [RECIPIENT])

    assert deliver_due() == 1

    [envelope] = inbox.envelopes
    assert (envelope.mail_from, envelope.rcpt_tos) == (SENDER, [RECIPIENT])
    # SMTP ends lines with CRLF on the wire; a mailbox stores them as LF, as they were written.
    stored = envelope.content.replace(b"\r\n", b"\n")
    received = email.message_from_bytes(stored, policy=email.policy.default)
    assert received["Subject"] == subject
    assert received.get_body(preferencelist=("plain",)).get_content() == body
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_deliver_due_retries_after_smtp_failure_and_delivers_once(start_smtp_server):
    row = _send_welcome()
    now = timezone.now()

    # Nothing listens on the port yet: the connection is refused.
    assert deliver_due(now=now) == 0

    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == (OutboxMessage.Status.PENDING, 1, None)
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at == now + retry_delay(1)

    assert deliver_due(now=now) == 0  # Not due yet.
    row.refresh_from_db()
    assert row.attempts == 1

    inbox = start_smtp_server()
    assert deliver_due(now=row.next_attempt_at + timedelta(seconds=1)) == 1

    assert len(inbox.envelopes) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (OutboxMessage.Status.SENT, 2, "")
    assert row.sent_at is not None

    assert deliver_due(now=row.next_attempt_at + timedelta(days=1)) == 0
    assert len(inbox.envelopes) == 1


def test_deliver_due_gives_up_after_max_attempts(settings, start_smtp_server):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    row = _send_welcome()
    now = timezone.now()

    for attempt in range(1, 4):
        assert deliver_due(now=now) == 0
        row.refresh_from_db()
        assert row.attempts == attempt
        now = row.next_attempt_at + timedelta(seconds=1)

    assert row.status == OutboxMessage.Status.FAILED
    assert "ConnectionRefusedError" in row.last_error

    # Even with the mail server back, a failed message stays failed.
    inbox = start_smtp_server()
    assert deliver_due(now=now + timedelta(days=1)) == 0
    assert inbox.envelopes == []
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxMessage.Status.FAILED, 3)


def test_retry_delay_doubles_and_stops_at_six_hours():
    assert [retry_delay(n) for n in range(1, 11)] == [
        timedelta(minutes=minutes) for minutes in (1, 2, 4, 8, 16, 32, 64, 128, 256, 360)
    ]
    assert retry_delay(50) == timedelta(hours=6)
    assert retry_delay(1000) == timedelta(hours=6)


def test_send_outbox_command_delivers_due_messages():
    _send_welcome("Välkommen", "Hej Åsa!")
    output = io.StringIO()

    call_command("send_outbox", verbosity=2, stdout=output)

    assert output.getvalue() == "Sent 1 message(s).\n"
    assert [(m.subject, m.to) for m in mail.outbox] == [("Välkommen", [RECIPIENT])]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_deliver_due_stops_early_while_the_server_is_unreachable(smtp_port):
    for n in range(3):
        send_mail(f"Meddelande {n}", "Text", None, ["mottagare@example.se"])
    assert deliver_due() == 0
    attempts = sorted(OutboxMessage.objects.values_list("attempts", flat=True))
    assert attempts == [0, 0, 1]  # one refused connection is enough to know; the others wait


def test_purge_outbox_deletes_old_delivered_mail_but_never_pending(settings):
    send_mail("Gammalt", "Text", None, ["a@example.se"])
    send_mail("Väntar", "Text", None, ["b@example.se"])
    old, _waiting = OutboxMessage.objects.order_by("pk")
    OutboxMessage.objects.filter(pk=old.pk).update(status=OutboxMessage.Status.SENT)
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(days=31))
    settings.OUTBOX_RETENTION_DAYS = 30
    call_command("purge_outbox")
    assert list(OutboxMessage.objects.values_list("subject", flat=True)) == ["Väntar"]


def test_outbox_keeps_a_text_attachment_and_delivers_it():
    message = EmailMultiAlternatives("Kalender", "Se bilagan.", SENDER, [RECIPIENT])
    message.attach("aktivitet.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.send()
    [row] = OutboxMessage.objects.all()
    assert row.attachments == [
        {
            "filename": "aktivitet.ics",
            "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            "mimetype": "text/calendar",
        }
    ]
    assert deliver_due() == 1
    [sent] = mail.outbox
    [(filename, content, mimetype)] = sent.attachments
    assert (filename, content, mimetype) == (
        "aktivitet.ics",
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "text/calendar",
    )


def test_outbox_refuses_a_binary_attachment():
    message = EmailMultiAlternatives("Bild", "Se bilagan.", SENDER, [RECIPIENT])
    message.attach("bild.png", b"\x89PNG\r\n\x1a\n\xff", "image/png")
    with pytest.raises(ValueError, match="text attachments only"):
        message.send()
    assert not OutboxMessage.objects.exists()
