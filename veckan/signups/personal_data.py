"""What a participant can see and take with them ("Mina uppgifter"), and how it goes away in the end.

No accounts: a person proves they own an address by opening a link mailed to it. The link carries
the address, signed (django.core.signing) and valid for a day, so nothing about the request needs
to be stored. After the edition, participants' rows are anonymised rather than deleted, so that the
organisers' and the public statistics' counts stay right.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from veckan.activities.models import Activity
from veckan.lib.email import absolute, send_email
from veckan.signups.models import SignUp, new_token

LINK_SALT = "veckan.my-data"
LINK_MAX_AGE = timedelta(hours=24)
# Rows anonymised per UPDATE: short transactions, and memory stays flat for any edition size.
PURGE_BATCH = 500


def link_token(email: str) -> str:
    """The signed part of a Mina uppgifter link for `email`."""
    return signing.dumps(email.strip().lower(), salt=LINK_SALT)


def email_from_link_token(token: str) -> str | None:
    """The address a link was made for, or None when the link is forged, damaged or too old."""
    try:
        email = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return email if isinstance(email, str) else None


def signups_of(email: str):
    """Every sign-up of one address, in every edition and every status, soonest activity first."""
    return (
        SignUp.objects.filter(email=email.strip().lower(), anonymised_at__isnull=True)
        .select_related("activity__edition")
        .order_by("activity__starts_at", "pk")
    )


def send_my_data_link(*, email: str, language: str = settings.LANGUAGE_CODE) -> bool:
    """Mail a Mina uppgifter link to `email`, if anyone with that address has signed up.

    Returns whether a mail was queued. The caller must not tell the visitor: the answer is the same
    either way, so the form cannot be used to find out who has signed up to what.
    Side effects: one email through the outbox, in `language` (the page the request came from).
    """
    email = email.strip().lower()
    if not signups_of(email).exists():
        return False
    send_email(
        to=email,
        template="signups/email/my_data.txt",
        language=language,
        subject=lambda: _("Din länk till Mina uppgifter"),
        context=lambda: {
            "url": absolute(reverse("signups:my_data", args=[link_token(email)])),
            "hours": int(LINK_MAX_AGE.total_seconds() // 3600),
        },
    )
    return True


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def export_personal_data(*, email: str) -> dict:
    """Everything held about one address, for the person to download. Nobody else's data."""
    email = email.strip().lower()
    return {
        "email": email,
        "exported_at": _iso(timezone.now()),
        "controller": settings.DATA_CONTROLLER,
        "signups": [
            {
                "activity": {
                    "title": signup.activity.title,
                    "starts_at": _iso(signup.activity.starts_at),
                    "ends_at": _iso(signup.activity.ends_at),
                    "url": settings.SITE_URL + signup.activity.get_absolute_url(),
                },
                "name": signup.name,
                "email": signup.email,
                "organisation": signup.organisation,
                "no_photo": signup.no_photo,
                "status": signup.status,
                "status_text": str(signup.get_status_display()),
                "created_at": _iso(signup.created_at),
                "hold_expires_at": _iso(signup.hold_expires_at),
                "confirmed_at": _iso(signup.confirmed_at),
                "cancelled_at": _iso(signup.cancelled_at),
                "promoted_at": _iso(signup.promoted_at),
                "reminded_at": _iso(signup.reminded_at),
            }
            for signup in signups_of(email)
        ],
    }


def anonymised_after(activity: Activity) -> date:
    """The day after which the participants of `activity` are anonymised."""
    return activity.edition.ends_on + timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def purge_personal_data(*, now: datetime | None = None) -> int:
    """Anonymise the participants of editions that ended PERSONAL_DATA_RETENTION_DAYS days ago.

    Name and organisation are emptied, the address becomes anonymiserad-<pk>@invalid (still unique
    per activity), the personal link stops working and the photo opt-out goes back to its default.
    Status and times stay, so every count stays what it was. Rows already anonymised are left
    alone: a second run changes nothing. Returns how many rows were anonymised.
    """
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    due = SignUp.objects.filter(activity__edition__ends_on__lt=cutoff, anonymised_at__isnull=True)
    anonymised = 0
    # In batches, each its own transaction; every batch leaves `due`, so the loop ends.
    while batch := list(due.only("pk").order_by("pk")[:PURGE_BATCH]):
        for signup in batch:
            signup.name = ""
            signup.organisation = ""
            signup.email = f"anonymiserad-{signup.pk}@invalid"
            signup.token = new_token()
            signup.no_photo = False
            signup.network = ""
            signup.anonymised_at = now
        SignUp.objects.bulk_update(  # one transaction per batch, by itself
            batch,
            ["name", "organisation", "email", "token", "no_photo", "network", "anonymised_at"],
        )
        anonymised += len(batch)
    return anonymised
