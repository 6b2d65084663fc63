from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend

from veckan.outbox.models import OutboxMessage


class OutboxBackend(BaseEmailBackend):
    """Django's EMAIL_BACKEND: every email, ours and allauth's, is stored for the outbox worker."""

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        rows = []
        for message in email_messages:
            if message.attachments:
                raise ValueError("The outbox does not carry attachments; link to the file instead.")
            html = ""
            if isinstance(message, EmailMultiAlternatives):
                html = next(
                    (a.content for a in message.alternatives if a.mimetype == "text/html"), ""
                )
            rows.append(
                OutboxMessage(
                    subject=str(message.subject),
                    body=str(message.body),
                    html_body=str(html),
                    from_email=str(message.from_email),
                    to=[str(a) for a in message.to],
                    cc=[str(a) for a in message.cc],
                    bcc=[str(a) for a in message.bcc],
                    reply_to=[str(a) for a in message.reply_to],
                    headers={str(k): str(v) for k, v in message.extra_headers.items()},
                )
            )
        OutboxMessage.objects.bulk_create(rows)
        return len(rows)
