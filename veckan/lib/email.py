"""Writing an email: in the recipient's language, with links into that language, through the outbox.

Everything language-dependent (the body, the subject, the links, an attachment's text) is worked
out with the recipient's language active, so a person who signed up on /en/ gets English words and
/en/ links, and everyone else Swedish ones. Every email the site writes goes through here.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import override


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def mailbox(address: str) -> str:
    """One inbox however its address is written: case, spaces, and a +tag that delivers to the
    same inbox (anna+pris@example.se is anna@example.se). What one-per-person rules count."""
    local, _at, domain = address.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def email_language(language: str | None) -> str:
    """A language the site speaks: the one asked for, or Swedish when it is empty or unknown."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    """A link for an email: the site's address in front of a path from reverse()."""
    return settings.SITE_URL + path


def render_email(
    *,
    template: str,
    language: str | None,
    subject: str | Callable[[], str],
    context: dict[str, Any] | Callable[[], dict[str, Any]],
) -> tuple[str, str]:
    """The subject and text of an email in `language`. Pass callables for what reverses URLs or
    translates: they are called with the language active, so links get its prefix (/en/)."""
    with override(email_language(language)):
        values = context() if callable(context) else context
        body = render_to_string(template, {"email_language": email_language(language), **values})
        text = subject() if callable(subject) else str(subject)
    return " ".join(text.split()), body


def send_email(
    *,
    to: str,
    template: str,
    language: str | None,
    subject: str | Callable[[], str],
    context: dict[str, Any] | Callable[[], dict[str, Any]],
    attachments: Sequence[Attachment] | Callable[[], Sequence[Attachment]] = (),
    reply_to: Sequence[str] = (),
) -> None:
    """Render an email in `language` and queue it to one address (see queue_email)."""
    subject_text, body = render_email(
        template=template, language=language, subject=subject, context=context
    )
    queue_email(
        to=to,
        subject=subject_text,
        body=body,
        language=language,
        attachments=attachments,
        reply_to=reply_to,
    )


def queue_email(
    *,
    to: str,
    subject: str,
    body: str,
    language: str | None = None,
    attachments: Sequence[Attachment] | Callable[[], Sequence[Attachment]] = (),
    reply_to: Sequence[str] = (),
) -> None:
    """Queue one written email to one address in the outbox (nobody sees anyone else's address).
    A callable `attachments` is made with `language` active."""
    message = EmailMessage(subject, body, None, [to], reply_to=list(reply_to))
    with override(email_language(language)):
        for attachment in attachments() if callable(attachments) else attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
    message.send()
