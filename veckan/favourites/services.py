"""Mitt program: starring activities, and finding the program a request belongs to."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from veckan.activities.models import Activity
from veckan.editions.models import Edition
from veckan.favourites.models import PersonalProgram, Star, new_token
from veckan.lib.email import absolute, send_email

# The session holds the id of an anonymous visitor's program; nothing else about them.
SESSION_KEY = "mitt_program"
# Looking at a program (its page, a calendar fetching its feed) writes "last seen" at most this
# often: the purge counts in years, and most requests then write nothing.
SEEN_EVERY = timedelta(days=1)
# Anonymous programs nobody has used for this long are deleted by `purge_personal_programs`.
UNUSED_FOR = timedelta(days=365)


class NotPublished(Exception):
    """Only activities in the public program can be starred."""


def current_program(request: HttpRequest, *, create: bool = False) -> PersonalProgram | None:
    """The program of whoever makes the request; None if they have none and `create` is False.

    Anonymous visitors: the program whose id the session holds. With `create`, a new program is
    made and its id stored in the session; that is when the session cookie is set, because the
    visitor asked to save something.

    Logged-in users: the account's program. If the session still holds an anonymous program
    (starred before logging in), it is merged into the account here, on the first request after
    the login that needs the program, and the session forgets it: see `_claim_anonymous`.

    Side effects: may create or merge programs, change the session, and mark the program as seen
    (at most once a day; for an anonymous visitor that also renews the session cookie's expiry, so
    the stars last as long as the visitor keeps using them, and at least until the current
    edition's week has ended: see keeps_until()).
    """
    anonymous_id = request.session.get(SESSION_KEY)
    user = request.user
    if user.is_authenticated:
        if anonymous_id is None:
            program = PersonalProgram.objects.filter(user=user).first()
        else:
            program = _claim_anonymous(anonymous_id=anonymous_id, user=user)
            del request.session[SESSION_KEY]
        if program is None and create:
            program, _ = PersonalProgram.objects.get_or_create(user=user)
            return program
    else:
        program = None
        if anonymous_id is not None:
            program = PersonalProgram.objects.anonymous().filter(pk=anonymous_id).first()
            if program is None:  # purged, or merged into an account in another session
                del request.session[SESSION_KEY]
        if program is None and create:
            program = PersonalProgram.objects.create()
            request.session[SESSION_KEY] = program.pk
            _keep_session(request)
            return program
    if program is not None and mark_seen(program=program) and program.user_id is None:
        _keep_session(request)
    return program


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


def _keep_session(request: HttpRequest) -> None:
    # The session cookie (strictly necessary: it is what holds the stars) lasts as the stars do.
    request.session.set_expiry(keeps_until())


def open_on_this_device(*, request: HttpRequest, token: str) -> PersonalProgram | None:
    """Take the program without an account that has this token into this browser: the same stars
    on another device, from the link "Mejla mig länken" sent. None if there is no such program.

    Side effects: the session holds the program (for a logged-in user it is merged into the
    account on the next request that needs the program, as after a login).
    """
    program = PersonalProgram.objects.anonymous().filter(token=token).first()
    if program is not None:
        request.session[SESSION_KEY] = program.pk
        if not request.user.is_authenticated:
            _keep_session(request)
    return program


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
def _claim_anonymous(*, anonymous_id: int, user) -> PersonalProgram | None:
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


def starred_activity_ids(request: HttpRequest) -> frozenset[int]:
    """Ids of the activities the requester has starred, for showing buttons pressed. Read-only:
    stars waiting to be merged after a login count too, without merging them here.

    No query at all for a visitor who has neither an account nor a program in the session.
    """
    anonymous_id = request.session.get(SESSION_KEY)
    whose = Q()
    if request.user.is_authenticated:
        whose |= Q(program__user=request.user)
    if anonymous_id is not None:
        whose |= Q(program_id=anonymous_id, program__user__isnull=True)
    if not whose:
        return frozenset()
    return frozenset(Star.objects.filter(whose).values_list("activity_id", flat=True))


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
