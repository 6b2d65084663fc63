"""Mitt program: starring activities, keeping programs without an account, merging them into one."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from veckan.activities.models import Activity
from veckan.editions.models import Edition
from veckan.favourites.models import PersonalProgram, Star, new_token
from veckan.lib.email import absolute, send_email

# Looking at a program (its page, a calendar fetching its feed) writes "last seen" at most this
# often: the purge counts in years, and most requests then write nothing.
SEEN_EVERY = timedelta(days=1)
# Anonymous programs nobody has used for this long are deleted by `purge_personal_programs`.
UNUSED_FOR = timedelta(days=365)


class NotPublished(Exception):
    """Only activities in the public program can be starred."""


def keeps_until(now: datetime | None = None, *, edition: Edition | None = None) -> datetime:
    """Until when a visitor's stars without an account are kept from now: the session's own age,
    or the end of the current edition's week if that is later. The program is out weeks before
    the week; stars must not be forgotten in between."""
    now = now or timezone.now()
    default = now + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    edition = edition or Edition.objects.current()
    if edition is None:
        return default
    week_over = datetime.combine(
        edition.ends_on + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
    )
    return max(default, week_over)


def email_link(*, program: PersonalProgram, to: str, language: str | None) -> None:
    """Mail the link that opens `program` on another device. The address is used for this email
    only: it is not stored with the program.

    Side effects: one email through the outbox.
    """
    send_email(
        to=to,
        template="favourites/email/link.txt",
        language=language,
        subject=lambda: _("Din länk till Mitt program"),
        context=lambda: {
            "open_url": absolute(reverse("favourites:open", args=[program.token])),
            "feed_url": absolute(reverse("favourites:feed", args=[program.token])),
        },
    )


@transaction.atomic
def claim_anonymous(*, anonymous_id: int, user) -> PersonalProgram | None:
    """Give the anonymous program's stars to the user's account; return the account's program.

    A user without a program takes the anonymous one over whole, so a calendar that subscribes to
    its feed keeps working. A user who has one gets the stars added to it, and the anonymous
    program (with its feed URL) is deleted. Two requests racing here queue on the row lock: the
    second finds the anonymous program gone and returns the account's.
    """
    anonymous = (
        PersonalProgram.objects.anonymous().select_for_update().filter(pk=anonymous_id).first()
    )
    account = PersonalProgram.objects.select_for_update().filter(user=user).first()
    if anonymous is None:
        return account
    if account is None:
        anonymous.user = user
        anonymous.save(update_fields=["user"])
        return anonymous
    Star.objects.bulk_create(
        [
            Star(program=account, activity_id=activity_id, created_at=created_at)
            for activity_id, created_at in anonymous.stars.values_list("activity_id", "created_at")
        ],
        ignore_conflicts=True,
    )
    anonymous.delete()
    return account


def star(*, program: PersonalProgram, activity: Activity) -> None:
    """Add `activity` to `program`; starring it again changes nothing.

    Raises NotPublished unless the activity is in the public program (pass it with its edition
    selected, or this costs a query).
    """
    if not activity.is_public:
        raise NotPublished
    Star.objects.bulk_create([Star(program=program, activity=activity)], ignore_conflicts=True)
    _seen_now(program)


def unstar(*, program: PersonalProgram, activity: Activity) -> None:
    """Take `activity` out of `program`; unstarring one that is not there changes nothing."""
    Star.objects.filter(program=program, activity=activity).delete()
    _seen_now(program)


def rotate_token(*, program: PersonalProgram) -> str:
    """Give the program a new secret token and return it. The old feed URL stops working at once:
    calendars subscribed to it must be given the new one."""
    program.token = new_token()
    program.last_seen_at = timezone.now()
    program.save(update_fields=["token", "last_seen_at"])
    return program.token


def mark_seen(*, program: PersonalProgram) -> bool:
    """Note that the program is in use, unless that was noted within SEEN_EVERY; True if written."""
    now = timezone.now()
    if program.last_seen_at > now - SEEN_EVERY:
        return False
    _seen_now(program, now)
    return True


def _seen_now(program: PersonalProgram, now=None) -> None:
    program.last_seen_at = now or timezone.now()
    PersonalProgram.objects.filter(pk=program.pk).update(last_seen_at=program.last_seen_at)


def purge_unused_programs(*, now=None) -> int:
    """Delete anonymous programs nobody has used for UNUSED_FOR; returns how many were deleted.

    Programs on an account are kept as long as the account (they go with it).
    """
    now = now or timezone.now()
    _, per_model = PersonalProgram.objects.anonymous().unused_since(now - UNUSED_FOR).delete()
    return per_model.get(PersonalProgram._meta.label, 0)
