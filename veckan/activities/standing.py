"""Where an activity stands and what happens next, in words, for its organisers (GOV.UK's "what
happens next"). One home for the sentences Mina aktiviteter shows on each card."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from veckan.activities.models import REVIEWED_ON_CHANGE, Activity, Format, Status
from veckan.activities.review import LABELS, with_pending


@dataclass(frozen=True)
class Standing:
    label: str  # the status in a word or two, on the card's tag
    color: str  # Designsystemet colour of the tag
    next_step: str  # what happens next, in a sentence
    public_url: str = ""  # the public page, once the activity is in the program


@dataclass(frozen=True)
class PendingValue:
    label: str
    live: str  # what the program shows now
    requested: str  # what the organiser asked for, shown once the change is approved


def _when(value: datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y H:i")


def _day(value: datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y")


def standing(activity: Activity, now: datetime | None = None) -> Standing:
    now = now or timezone.now()
    edition = activity.edition
    published = edition.is_program_published(now)
    status = activity.status
    if status == Status.DRAFT:
        if edition.is_registration_open(now):
            step = _(
                "Utkast. Samordnarna ser aktiviteten först när du skickar in den. Skicka in "
                "senast %(deadline)s."
            ) % {"deadline": _when(edition.registration_closes)}
        else:
            step = _(
                "Utkast. Sista dag att skicka in var %(deadline)s; kontakta samordnarna om du "
                "behöver hjälp."
            ) % {"deadline": _when(edition.registration_closes)}
        return Standing(_("Utkast"), "neutral", step)
    if status == Status.SUBMITTED:
        return Standing(
            _("Väntar på granskning"),
            "info",
            _("Samordnarna granskar aktiviteten. Du får ett mejl när de har bestämt sig."),
        )
    if status == Status.CHANGES_REQUESTED:
        return Standing(
            _("Behöver ändras"),
            "danger",
            _(
                "Samordnarna ber dig ändra aktiviteten, se kommentaren. Ändra den och välj "
                "”Spara och skicka in igen”."
            ),
        )
    if status == Status.APPROVED and not published:
        return Standing(
            _("Godkänd, inte publicerad än"),
            "success",
            _("Godkänd. Syns i programmet från %(date)s.")
            % {"date": _day(edition.program_published_at)},
        )
    if status == Status.APPROVED:
        return Standing(
            _("Publicerad"),
            "success",
            _("Godkänd och publicerad: aktiviteten syns i programmet."),
            activity.get_absolute_url(),
        )
    if status == Status.CANCELLED:
        return Standing(
            _("Inställd"),
            "warning",
            _("Inställd. Aktiviteten står kvar i programmet, markerad som inställd.")
            if published
            else _("Inställd. Den syns i programmet, markerad som inställd, från %(date)s.")
            % {"date": _day(edition.program_published_at)},
            activity.get_absolute_url() if published else "",
        )
    if status == Status.REJECTED:
        return Standing(
            _("Avslagen"),
            "danger",
            _("Avslagen. Aktiviteten kommer inte med i programmet, se kommentaren."),
        )
    return Standing(
        _("Återkallad"),
        "neutral",
        _("Återkallad. Den syns inte i programmet; du kan ändra den och skicka in den igen."),
    )


def _shown(field: str, value) -> str:
    if value is None or value == "":
        return "–"
    if field in ("starts_at", "ends_at"):
        return _when(value)
    if field == "format":
        return str(Format(value).label)
    return str(value)


def pending_values(activity: Activity) -> list[PendingValue]:
    """The reviewed fields a pending change touches: live in the program, and as requested."""
    if not activity.has_pending_changes:
        return []
    requested = with_pending(activity)
    return [
        PendingValue(
            str(LABELS[field]),
            _shown(field, getattr(activity, field)),
            _shown(field, requested[field]),
        )
        for field in REVIEWED_ON_CHANGE
        if field in activity.pending_changes
    ]
