from email.mime.base import MIMEBase

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend

from veckan.outbox.models import OutboxMessage


def _text_attachment(attachment) -> dict[str, str]:
    # The table keeps text (a calendar file is text); binary files are linked to, not attached.
    if isinstance(attachment, MIMEBase) or not isinstance(attachment[1], str | bytes):
        raise ValueError("The outbox carries text attachments only; link to other files instead.")
    filename, content, mimetype = attachment
    if isinstance(content, bytes):
        try:
            content = content.decode()
        except UnicodeDecodeError:
            raise ValueError("The outbox carries text attachments only.") from None
    return {"filename": filename, "content": content, "mimetype": mimetype or "text/plain"}


class OutboxBackend(BaseEmailBackend):
    """Django's EMAIL_BACKEND: every email, ours and allauth's, is stored for the outbox worker."""

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        rows = []
        for message in email_messages:
            attachments = [_text_attachment(a) for a in message.attachments]
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
                    attachments=attachments,
                )
            )
        OutboxMessage.objects.bulk_create(rows)
        return len(rows)
