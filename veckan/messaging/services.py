"""Messages from the coordinators to the organisers: who gets one, what it says, and sending it."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from veckan.activities.models import Activity
from veckan.editions.models import Edition
from veckan.geography.models import County
from veckan.lib.email import absolute, render_email
from veckan.messaging.models import OrganiserMessage, OrganiserMessageRecipient
from veckan.organisations.models import Membership

# The same message sent again this soon is a double click, not a reminder.
RESEND_GUARD = timedelta(minutes=10)


class MessagingError(Exception):
    """A message that cannot be sent; the text is for the coordinator."""


@dataclass(frozen=True)
class RecipientFilters:
    """Organisations with at least one activity in the edition that matches the county and status
    (the same activity matches both), of the kind if one is given."""

    edition: Edition
    county: County | None = None
    kind: str = ""
    status: str = ""

    def as_json(self) -> dict:
        return {
            "utgava": self.edition.year,
            "lan": self.county.code if self.county else "",
            "typ": self.kind,
            "status": self.status,
        }


@dataclass
class Recipient:
    email: str
    organisations: list[str] = field(default_factory=list)
    language: str = settings.LANGUAGE_CODE

    @property
    def organisation_names(self) -> str:
        return ", ".join(self.organisations)


def recipients(filters: RecipientFilters, *, sender) -> list[Recipient]:
    """Every active member of the chosen organisations, once each, in order of organisation.
    Only activities within the sender's reach count (a regional coordinator's county or
    collection; everything for a national coordinator)."""
    activities = Activity.objects.within_scope_of(sender).filter(
        organisation=OuterRef("organisation"), edition=filters.edition
    )
    if filters.county:
        activities = activities.filter(municipality__county=filters.county)
    if filters.status:
        activities = activities.filter(status=filters.status)
    memberships = Membership.objects.filter(Exists(activities), user__is_active=True)
    if filters.kind:
        memberships = memberships.filter(organisation__kind=filters.kind)
    by_email: dict[str, Recipient] = {}
    rows = memberships.order_by("organisation__name", "organisation_id", "user__email").values_list(
        "user__email", "organisation__name", "user__language"
    )
    for email, organisation, language in rows:
        recipient = by_email.setdefault(email.lower(), Recipient(email, language=language))
        if organisation not in recipient.organisations:
            recipient.organisations.append(organisation)
    return list(by_email.values())


def organiser_message_email(
    *, edition: Edition, subject: str, body: str, language: str = settings.LANGUAGE_CODE
) -> tuple[str, str]:
    """The subject and text an organiser gets, in their language (the coordinators' own words
    stay as written; what the site adds around them is translated). In Swedish, the preview."""
    _subject, text = render_email(
        template="messaging/email/message.txt",
        language=language,
        subject=subject,
        context=lambda: {"edition": edition, "body": body, "site_url": absolute(reverse("home"))},
    )
    return subject, text


def send_organiser_message(
    *, filters: RecipientFilters, subject: str, body: str, sent_by, now: datetime | None = None
) -> OrganiserMessage:
    """Email the message to every chosen organiser and record what was sent to whom.

    Side effects: one email per person through the outbox, each to that person only; only
    organisers of activities within the sender's reach (see `recipients`). Raises
    MessagingError when nobody matches, or when the same message was just sent (a double click).
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the edition so two presses of "Skicka" queue up and the second sees the first.
        Edition.objects.select_for_update().filter(pk=filters.edition.pk).first()
        if OrganiserMessage.objects.filter(
            edition=filters.edition, subject=subject, body=body, sent_at__gt=now - RESEND_GUARD
        ).exists():
            raise MessagingError(_("Det här meddelandet har redan skickats."))
        chosen = recipients(filters, sender=sent_by)
        if not chosen:
            raise MessagingError(_("Ingen arrangör matchar urvalet."))
        for recipient in chosen:
            email_subject, text = organiser_message_email(
                edition=filters.edition, subject=subject, body=body, language=recipient.language
            )
            send_mail(email_subject, text, None, [recipient.email])
        message = OrganiserMessage.objects.create(
            edition=filters.edition,
            subject=subject,
            body=body,
            filters=filters.as_json(),
            sent_by=sent_by,
            sent_at=now,
        )
        OrganiserMessageRecipient.objects.bulk_create(
            OrganiserMessageRecipient(
                message=message, email=r.email, organisation_name=r.organisation_names[:500]
            )
            for r in chosen
        )
    return message
