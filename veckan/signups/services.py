"""Sign-ups to activities: capacity is never exceeded, also with many app servers at once.

Every change that can take or free a seat runs in one transaction holding a lock on the activity's
row (SELECT … FOR UPDATE on PostgreSQL; SQLite's write lock, taken at BEGIN IMMEDIATE, serialises the
same way). Inside it the seats are counted from the sign-up rows themselves, expired holds are let go,
and the waiting list is promoted in order, so no two requests can both take the last seat.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from veckan.activities import calendar
from veckan.activities.models import Activity, EventStatus, Format, Occasion, SignupMode, Status
from veckan.lib.email import (
    Attachment,
    absolute,
    email_language,
    queue_email,
    render_email,
    send_email,
)
from veckan.lib.qr import qr_svg
from veckan.revisions.services import record_change
from veckan.signups import notices
from veckan.signups.models import (
    UNCONFIRMED_STATUSES,
    Attendance,
    AttendanceReminder,
    ParticipantMessage,
    SignUp,
    new_token,
)


class SignUpError(Exception):
    """A sign-up the rules do not allow; the message is for the person signing up."""


def hold_time() -> timedelta:
    return timedelta(minutes=settings.SIGNUP_HOLD_MINUTES)


def occasion_problem(
    occasion: Occasion | None, activity: Activity, now: datetime | None = None
) -> str | None:
    """Why one cannot sign up to this occasion of a series (or to none, when the activity is one),
    or None when one can."""
    if occasion is None:
        if activity.occasions.exists():
            return _("Välj vilket tillfälle du vill anmäla dig till.")
        return None
    if occasion.activity_id != activity.pk:
        return _("Välj ett av aktivitetens tillfällen.")
    occasion.activity = activity
    if occasion.signup_closes <= (now or timezone.now()):
        return _("Anmälan till det tillfället har stängt.")
    return None


def _seats(activity: Activity, occasion: Occasion | None):
    """The seat counts one sign-up goes by: its occasion's in a series, else the activity's."""
    if occasion is not None:
        counted = Occasion.objects.with_seat_counts().get(pk=occasion.pk)
        counted.activity = activity
        return counted
    return Activity.objects.with_seat_counts().only("capacity").get(pk=activity.pk)


def _queues(activity: Activity) -> list[tuple[int | None, object]]:
    """Each pool of seats of the activity with its capacity and its sign-ups: one per occasion of
    a series, else the activity's own."""
    occasions = list(activity.occasions.all())
    if not occasions:
        return [(activity.capacity, activity.signups.filter(occasion__isnull=True))]
    return [
        (o.capacity if o.capacity is not None else activity.capacity, o.signups.all())
        for o in occasions
    ]


def signup_problem(activity: Activity, now: datetime | None = None) -> str | None:
    """Why one cannot sign up to the activity here now, or None when one can."""
    now = now or timezone.now()
    if activity.signup_mode != SignupMode.PLATFORM:
        return _("Det går inte att anmäla sig till aktiviteten här.")
    if activity.status == Status.CANCELLED:
        return _("Aktiviteten är inställd.")
    if not activity.is_public:
        return _("Aktiviteten finns inte i programmet.")
    # A series closes by occasion (occasion_problem): Wednesday's is open after Monday's began.
    if activity.signup_closes <= now and not activity.occasions.exists():
        return _("Anmälan till aktiviteten har stängt.")
    return None


@contextmanager
def _fullness_announced(activity: Activity) -> Iterator[None]:
    """Sign-ups do not move the program's revision, except the one that fills an activity or frees
    it (a queue counts as full): the program's sign-up facet reads "fully booked" from its copy.
    Use with the activity locked, inside the transaction."""
    before = _fully_booked(activity)
    yield
    if _fully_booked(activity) != before:
        record_change(activities=[activity.pk])


def _fully_booked(activity: Activity) -> bool:
    return Activity.objects.filter(pk=activity.pk).fully_booked().exists()


def _lock(activity: Activity) -> Activity:
    # The municipality comes along for the emails; the map outline and the big columns no email
    # shows stay behind. Only the activity's own row is locked.
    return (
        Activity.objects.select_for_update(of=("self",))
        .select_related("edition", "municipality")
        .defer("search_document", "approved_snapshot", "pending_changes", "municipality__path")
        .get(pk=activity.pk)
    )


def signup_email_context(signup: SignUp) -> dict:
    """What every email about one sign-up shows: the activity, the person's links. Call it with
    the person's language active (render_email does), so the links lead to their language."""
    activity = signup.activity
    activity_url = absolute(activity.get_absolute_url())
    join_url = notices.join_url(activity, signup)
    return {
        "signup": signup,
        "activity": activity,
        "manage_url": absolute(reverse("signups:manage", args=[signup.token])),
        "join_via_url": absolute(reverse("signups:join", args=[signup.token])),
        "confirm_url": absolute(reverse("signups:confirm", args=[signup.token])),
        "activity_url": activity_url,
        "show_stream": bool(join_url),
        "hold_minutes": settings.SIGNUP_HOLD_MINUTES,
        "google_calendar_url": calendar.google_calendar_url(
            activity, activity_url, join_url=join_url, occasion=signup.occasion
        ),
        "outlook_calendar_url": calendar.outlook_calendar_url(
            activity, activity_url, join_url=join_url, occasion=signup.occasion
        ),
    }


def _send(signup: SignUp, template: str, subject: str, *, with_calendar: bool = False) -> None:
    """Email one person about their sign-up, with their personal link, in their language. Once
    they have a confirmed place, `with_calendar` attaches the activity (with the join link)."""
    send_email(
        to=signup.email,
        template=f"signups/email/{template}.txt",
        language=signup.language,
        subject=lambda: f"{_(subject)}: {signup.activity.display_title}",
        context=lambda: signup_email_context(signup),
        attachments=lambda: (
            [
                notices.calendar_attachment(
                    signup.activity,
                    join_url=notices.join_url(signup.activity, signup),
                    occasion=signup.occasion,
                ),
                *checkin_attachment(signup),
            ]
            if with_calendar
            else []
        ),
    )


def checkin_url(signup: SignUp) -> str:
    """The link in a participant's QR code: opened by an organiser, it checks them in."""
    return absolute(reverse("signups:checkin_code", args=[signup.checkin_code]))


def checkin_attachment(signup: SignUp) -> list[Attachment]:
    """The check-in QR code as an image to show at the door, for a confirmed seat."""
    if signup.status != SignUp.Status.CONFIRMED:
        return []
    svg = qr_svg(checkin_url(signup), label=_("QR-kod för incheckning på plats"))
    return [Attachment(filename="incheckning.svg", content=str(svg), mimetype="image/svg+xml")]


def _unconfirmed_seats(activity: Activity, network: str) -> int:
    """How many seats sign-ups from `network` hold unconfirmed on the activity. Activity locked."""
    return activity.signups.filter(
        status=SignUp.Status.HELD, confirmed_at__isnull=True, network=network
    ).count()


def _at_network_cap(activity: Activity, network: str, held: dict[str, int] | None = None) -> bool:
    """Whether one more unconfirmed sign-up from `network` may not take a seat: the network holds
    SIGNUP_UNCONFIRMED_HOLDS_PER_NETWORK already. Sign-ups without a known network are not capped."""
    if not network:
        return False
    count = held[network] if held is not None else _unconfirmed_seats(activity, network)
    return count >= settings.SIGNUP_UNCONFIRMED_HOLDS_PER_NETWORK


def _promote(activity: Activity, now: datetime) -> list[SignUp]:
    """Give free seats to the waiting list, first come first served. Call with the activity locked.

    An unconfirmed place in the queue whose network already holds its few unconfirmed seats gets
    no seat: it becomes pending (its seat, or its place back in the queue, comes when its email is
    confirmed), so it never holds a seat free while others wait or sign up. A series has a
    waiting list per occasion, each promoted to its own seats."""
    promoted: list[SignUp] = []
    for capacity, signups in _queues(activity):
        promoted += _promote_queue(activity, capacity, signups, now)
    return promoted


def _promote_queue(activity: Activity, capacity, signups, now: datetime) -> list[SignUp]:
    seats_taken = signups.with_seat().count()
    free = (capacity or 0) - seats_taken
    promoted: list[SignUp] = []
    if free <= 0:
        return promoted
    held = Counter(
        activity.signups.filter(status=SignUp.Status.HELD, confirmed_at__isnull=True)
        .exclude(network="")
        .values_list("network", flat=True)
    )
    for signup in signups.waiting():
        if free <= 0:
            break
        if not signup.confirmed_at and _at_network_cap(activity, signup.network, held):
            signup.status = SignUp.Status.PENDING
            signup.save(update_fields=["status"])
            continue
        signup.status = SignUp.Status.CONFIRMED if signup.confirmed_at else SignUp.Status.HELD
        signup.promoted_at = now
        signup.save(update_fields=["status", "promoted_at"])
        if signup.status == SignUp.Status.HELD and signup.network:
            held[signup.network] += 1
        free -= 1
        _send(
            signup,
            "promoted",
            gettext_noop("Du har fått en plats"),
            with_calendar=signup.status == SignUp.Status.CONFIRMED,
        )
        promoted.append(signup)
    return promoted


def capacity_problem(activity: Activity, capacity: int | None) -> str | None:
    """Why the activity cannot have `capacity` seats (fewer than are taken), or None. Call with
    the activity locked, so no sign-up takes a seat between this count and the save."""
    occasions = list(activity.occasions.all())
    if occasions:
        # In a series, the occasions without seats of their own have the activity's.
        taken = max(
            (o.signups.with_seat().count() for o in occasions if o.capacity is None), default=0
        )
    else:
        taken = activity.signups.with_seat().count()
    if (capacity or 0) < taken:
        return ngettext(
            "%(taken)d plats är redan tagen, så antalet platser kan inte bli färre än %(taken)d. "
            "Be deltagare avanmäla sig först, eller behåll antalet.",
            "%(taken)d platser är redan tagna, så antalet platser kan inte bli färre än %(taken)d. "
            "Be deltagare avanmäla sig först, eller behåll antalet.",
            taken,
        ) % {"taken": taken}
    return None


def capacity_changed(*, activity: Activity, now: datetime | None = None) -> list[SignUp]:
    """After more seats were saved: give them to the waiting list at once, in order, and email
    those promoted. Call inside the transaction that holds the activity's lock and saved the new
    capacity. Returns who was promoted."""
    return _promote(activity, now or timezone.now())


def _release_expired(activity: Activity, now: datetime) -> int:
    """Let go of holds whose email was not confirmed in time, then promote. Activity locked."""
    released = activity.signups.expired_holds(now).update(status=SignUp.Status.EXPIRED)
    if released:
        _promote(activity, now)
    return released


def sign_up(
    *,
    activity: Activity,
    occasion: Occasion | None = None,
    name: str,
    email: str,
    organisation: str = "",
    no_photo: bool = False,
    language: str = settings.LANGUAGE_CODE,
    network: str = "",
    now: datetime | None = None,
) -> SignUp:
    """Sign a person up: a seat held until they confirm by email, or a place on the waiting list.

    `network` is the client network's mark (ratelimit.network_mark): when that network already
    holds SIGNUP_UNCONFIRMED_HOLDS_PER_NETWORK unconfirmed seats here, the sign-up is accepted as
    pending, without a seat; it takes one (or a place in the queue) when its email is confirmed.
    So a whole office can sign up, but nobody books out an activity with addresses they cannot
    confirm.

    Side effects: an email with the confirmation link, in `language` (the page's), as every later
    email about the sign-up. An address already signed up gets its link
    again and its existing sign-up is returned. Raises SignUpError when sign-up is closed.

    For an activity run as a series, `occasion` is the one signed up to: seats, the waiting list
    and "one sign-up per address" are the occasion's, under the same lock on the activity.
    """
    email = email.strip().lower()
    with transaction.atomic(), _fullness_announced(activity := _lock(activity)):
        # The clock is read with the lock held, so the order of created_at is the order of arrival.
        now = now or timezone.now()
        if problem := signup_problem(activity, now) or occasion_problem(occasion, activity, now):
            raise SignUpError(problem)
        _release_expired(activity, now)
        signup = activity.signups.filter(email=email, occasion=occasion).first()
        if signup and signup.is_active:
            # The same answer as a new sign-up, so the form never tells who is signed up;
            # the email to the address says it is already signed up, with its link.
            _send(signup, "again", gettext_noop("Din anmälan"))
            return signup
        counted = _seats(activity, occasion)
        signup = signup or SignUp(activity=activity, occasion=occasion, email=email)
        signup.name, signup.organisation, signup.no_photo = (
            name.strip(),
            organisation.strip(),
            no_photo,
        )
        signup.language = email_language(language)
        if counted.is_full:
            signup.status = SignUp.Status.WAITING
        elif _at_network_cap(activity, network):
            signup.status = SignUp.Status.PENDING
        else:
            signup.status = SignUp.Status.HELD
        signup.network = network
        signup.token = new_token()
        signup.created_at = now
        signup.hold_expires_at = now + hold_time()
        signup.confirmed_at = signup.cancelled_at = signup.promoted_at = signup.reminded_at = None
        signup.save()
        _send(signup, "confirm", gettext_noop("Bekräfta din anmälan"))
    return signup


def confirm(*, signup: SignUp, now: datetime | None = None) -> SignUp:
    """Confirm the email address from the link: a held seat becomes the person's own; a pending
    sign-up takes a seat if one is free, else its place in the queue (in order of sign-up).

    Side effects: an email saying so (with the stream link for digital activities). Raises SignUpError
    when the hold has expired or the sign-up is cancelled.
    """
    now = now or timezone.now()
    with transaction.atomic(), _fullness_announced(activity := _lock(signup.activity)):
        signup.refresh_from_db()
        if signup.confirmed_at:
            return signup
        if signup.status in UNCONFIRMED_STATUSES and signup.hold_expires_at <= now:
            _release_expired(signup.activity, now)
            signup.refresh_from_db()
        if signup.status not in UNCONFIRMED_STATUSES:
            raise SignUpError(
                _(
                    "Tiden för att bekräfta anmälan har gått ut, eller så är den avanmäld. Anmäl dig gärna igen."
                )
            )
        signup.confirmed_at = now
        if signup.status == SignUp.Status.HELD:
            signup.status = SignUp.Status.CONFIRMED
        elif signup.status == SignUp.Status.PENDING:
            # Its seat now, if one is free; else the queue, in the order the sign-ups came in.
            counted = _seats(activity, signup.occasion)
            signup.status = SignUp.Status.WAITING if counted.is_full else SignUp.Status.CONFIRMED
        signup.save(update_fields=["confirmed_at", "status"])
        if signup.status == SignUp.Status.CONFIRMED:
            _send(signup, "confirmed", gettext_noop("Du är anmäld"), with_calendar=True)
        else:
            _send(signup, "waiting", gettext_noop("Du står på väntelistan"))
    return signup


def cancel(*, signup: SignUp, now: datetime | None = None) -> list[SignUp]:
    """Cancel a sign-up by its link. A freed seat goes to the first on the waiting list, at once.

    Returns who was promoted. Side effects: emails to the person and to anyone promoted.
    """
    now = now or timezone.now()
    with transaction.atomic(), _fullness_announced(activity := _lock(signup.activity)):
        signup.refresh_from_db()
        if not signup.is_active:
            return []
        signup.status = SignUp.Status.CANCELLED
        signup.cancelled_at = now
        signup.save(update_fields=["status", "cancelled_at"])
        _send(signup, "cancelled", gettext_noop("Du är avanmäld"))
        _release_expired(activity, now)
        return _promote(activity, now)


def remove(*, signup: SignUp, now: datetime | None = None) -> list[SignUp]:
    """The organisers take a sign-up away (a squatter's, or someone who cannot come). The person
    is told by email, in their language; a freed seat goes to the first on the waiting list, in the
    same transaction. Returns who was promoted; a sign-up no longer active is left as it is."""
    now = now or timezone.now()
    with transaction.atomic(), _fullness_announced(activity := _lock(signup.activity)):
        signup.refresh_from_db()
        if not signup.is_active:
            return []
        signup.status = SignUp.Status.REMOVED
        signup.cancelled_at = now
        signup.save(update_fields=["status", "cancelled_at"])
        if not signup.anonymised_at:
            _send(signup, "removed", gettext_noop("Din anmälan är borttagen"))
        _release_expired(activity, now)
        return _promote(activity, now)


def release_expired_holds(*, now: datetime | None = None) -> int:
    """Expire every hold not confirmed in time, promoting waiting lists; safe to run any time."""
    now = now or timezone.now()
    released = 0
    activity_ids = set(SignUp.objects.expired_holds(now).values_list("activity_id", flat=True))
    for activity in Activity.objects.filter(pk__in=activity_ids):
        with transaction.atomic(), _fullness_announced(locked := _lock(activity)):
            released += _release_expired(locked, now)
    return released


# The second reminder, with the join link, goes this long before a digital or hybrid activity.
SOON = timedelta(hours=1)


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind everyone confirmed of an activity that starts tomorrow, and, for digital and hybrid
    activities, once more within the hour before it starts, with the join link. Nobody gets either
    reminder twice: each row is claimed by a conditional update before its email is queued, in one
    transaction. Returns how many reminders were queued."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    confirmed = (
        SignUp.objects.filter(status=SignUp.Status.CONFIRMED, activity__status=Status.APPROVED)
        .select_related("activity", "activity__municipality", "occasion")
        # A series' participant is reminded of their own occasion, not of the series' start.
        .annotate(begins=Coalesce("occasion__starts_at", "activity__starts_at"))
    )
    day_before = confirmed.filter(reminded_at__isnull=True, begins__date=tomorrow)
    hour_before = confirmed.filter(
        reminded_soon_at__isnull=True,
        activity__format__in=(Format.DIGITAL, Format.HYBRID),
        begins__gt=now,
        begins__lte=now + SOON,
    )
    sent = 0
    for due, claim, template, subject in (
        (day_before, "reminded_at", "reminder", gettext_noop("Påminnelse: i morgon")),
        (hour_before, "reminded_soon_at", "reminder_soon", gettext_noop("Snart börjar det")),
    ):
        for signup in due.exclude(activity__event_status="postponed"):
            with transaction.atomic():
                if SignUp.objects.filter(pk=signup.pk, **{f"{claim}__isnull": True}).update(
                    **{claim: now}
                ):
                    _send(signup, template, subject)
                    sent += 1
    return sent


# --- the organisers' side: messages to participants and the attendance report ------------------

# A second identical message this soon after the first is a double click, not a new message.
RESEND_GUARD = timedelta(minutes=10)
# Stands in for each participant's own link where the organisers preview the message.
PERSONAL_LINK_PLACEHOLDER = "[personlig länk]"


class OrganiserError(Exception):
    """Something the organisers asked for that the rules do not allow; the message is for them."""


def message_recipients(
    activity: Activity, *, include_waiting: bool = False, only_checked_in: bool = False
):
    """Everyone a message to the participants goes to: the confirmed, and the waiting list if the
    organisers chose so, or only those who came (were checked in), whose data is still here."""
    statuses = [SignUp.Status.CONFIRMED, *([SignUp.Status.WAITING] if include_waiting else [])]
    recipients = activity.signups.filter(status__in=statuses, anonymised_at__isnull=True)
    if only_checked_in:
        recipients = recipients.checked_in()
    return recipients.order_by("created_at", "pk")


def participant_message_email(
    *,
    activity: Activity,
    subject: str,
    body: str,
    signup: SignUp | None = None,
    language: str | None = None,
) -> tuple[str, str]:
    """The subject and text of the email one participant gets, in their language. Without a
    sign-up, a placeholder stands in for the personal link: what the organisers see before they send."""

    def context() -> dict:
        return {
            "activity": activity,
            "body": body,
            "manage_url": absolute(reverse("signups:manage", args=[signup.token]))
            if signup
            else PERSONAL_LINK_PLACEHOLDER,
            "activity_url": absolute(activity.get_absolute_url()),
        }

    return render_email(
        template="signups/organiser/email/message.txt",
        language=signup.language if signup else language,
        subject=lambda: f"{subject}: {activity.title}",
        context=context,
    )


def message_participants(
    *,
    activity: Activity,
    subject: str,
    body: str,
    sender,
    include_waiting: bool = False,
    only_checked_in: bool = False,
    now: datetime | None = None,
) -> ParticipantMessage:
    """Email a message from the organisers to every confirmed participant (and the waiting list,
    with `include_waiting`; or only those checked in, with `only_checked_in`), and record it.

    Side effects: one email per participant through the outbox, each to that person only (nobody
    sees anyone else's address), in their language, with their own link to cancel, and a Reply-To
    of the organiser who wrote it. Raises OrganiserError when nobody is there to receive it, or
    when the same message was just sent (a double click).
    """
    with transaction.atomic():
        # The lock makes two presses of "Skicka" queue one after the other, so the second sees
        # the first's record and stops.
        activity = _lock(activity)
        now = now or timezone.now()
        if activity.participant_messages.filter(
            subject=subject, body=body, sent_at__gt=now - RESEND_GUARD
        ).exists():
            raise OrganiserError(_("Det här meddelandet har redan skickats till deltagarna."))
        if include_waiting and only_checked_in:
            raise OrganiserError(_("Välj antingen väntelistan eller bara de som kom, inte båda."))
        recipients = list(
            message_recipients(
                activity, include_waiting=include_waiting, only_checked_in=only_checked_in
            )
        )
        if not recipients and only_checked_in:
            raise OrganiserError(_("Ingen är incheckad, så det finns ingen att skicka till."))
        if not recipients:
            raise OrganiserError(_("Det finns inga bekräftade deltagare att skicka till."))
        for signup in recipients:
            email_subject, text = participant_message_email(
                activity=activity, subject=subject, body=body, signup=signup
            )
            queue_email(
                to=signup.email,
                subject=email_subject,
                body=text,
                reply_to=[sender.email] if getattr(sender, "email", "") else [],
            )
        return ParticipantMessage.objects.create(
            activity=activity,
            subject=subject,
            body=body,
            sent_by=sender,
            sent_at=now,
            recipient_count=len(recipients),
            included_waiting=include_waiting,
            only_checked_in=only_checked_in,
        )


CHECKINS_COUNT = gettext_lazy(
    "Närvaron räknas från incheckningarna, så den behöver inte rapporteras. Saknas någon, "
    "checka in dem på incheckningssidan."
)


def attendance_problem(activity: Activity, now: datetime | None = None) -> str | None:
    """Why the attendance of the activity cannot be reported now, or None when it can."""
    now = now or timezone.now()
    if activity.status == Status.CANCELLED:
        return _("Aktiviteten är inställd, så det finns ingen närvaro att rapportera.")
    if activity.status != Status.APPROVED:
        return _("Närvaro rapporteras för godkända aktiviteter som har ägt rum.")
    if activity.starts_at > now:
        return _("Närvaron kan rapporteras när aktiviteten har börjat, från %(start)s.") % {
            "start": date_format(timezone.localtime(activity.starts_at), "j F Y, H:i")
        }
    return None


def checked_in_attendance(
    activity: Activity, signups: list[SignUp] | None = None
) -> dict[str, int] | None:
    """How many came by the check-ins, {"in_person", "online", "total"}, or None when nobody was
    checked in. Where there are check-ins they are the activity's attendance: the statistics count
    them instead of a reported number (veckan.stats.figures). Counted from `signups`, all of the
    activity's, when the caller has them; otherwise in one query, as SignUp.attendance_counts."""
    if signups is None:
        counts = SignUp.objects.filter(activity=activity).attendance_counts()
    else:
        came = [s for s in signups if s.checked_in_at]
        online = sum(
            1
            for s in came
            if activity.format == Format.DIGITAL
            or (activity.format == Format.HYBRID and s.checked_in_online)
        )
        counts = {"in_person": len(came) - online, "online": online}
    total = counts["in_person"] + counts["online"]
    return counts | {"total": total} if total else None


def _unreported(activities):
    """Those of `activities` that took place (approved, not cancelled or postponed) whose
    organisers have not reported how many came and where nobody was checked in."""
    return (
        activities.filter(status=Status.APPROVED, attendance__isnull=True)
        .exclude(event_status=EventStatus.POSTPONED)
        .exclude(pk__in=SignUp.objects.checked_in().values("activity_id"))
    )


def unreported_attendance(edition, *, now: datetime | None = None):
    """The edition's activities that have ended and took place whose organisers have not reported
    how many came, the longest-ended first."""
    now = now or timezone.now()
    return (
        _unreported(Activity.objects.in_edition(edition).filter(ends_at__lte=now))
        .select_related("organisation", "attendance_reminder")
        .prefetch_related("contacts")
        .order_by("ends_at", "title", "pk")
    )


# A reminder much later than this helps nobody, and the first run must not write about every
# activity of earlier years.
ATTENDANCE_REMINDER_WINDOW = timedelta(weeks=4)


def send_attendance_reminders(*, now: datetime | None = None) -> int:
    """Remind the organisers of each activity that ended ATTENDANCE_REMINDER_DAYS ago without
    reported attendance to report it: one email to every member of its main organisation, in their
    language, once per activity (the AttendanceReminder row is claimed before the emails are
    queued, in one transaction). Returns for how many activities reminders were queued."""
    now = now or timezone.now()
    due_by = now - timedelta(days=settings.ATTENDANCE_REMINDER_DAYS)
    due = _unreported(
        Activity.objects.filter(
            ends_at__lte=due_by,
            ends_at__gt=due_by - ATTENDANCE_REMINDER_WINDOW,
            attendance_reminder__isnull=True,
        )
    ).select_related("organisation")
    sent = 0
    for activity in due:
        with transaction.atomic():
            _claim, created = AttendanceReminder.objects.get_or_create(
                activity=activity, defaults={"sent_at": now}
            )
            if created:
                _remind_to_report(activity)
                sent += 1
    return sent


def _remind_to_report(activity: Activity) -> None:
    members = activity.organisation.memberships.filter(user__is_active=True).values_list(
        "user__email", "user__language"
    )
    for email, language in members:
        send_email(
            to=email,
            template="signups/organiser/email/attendance_reminder.txt",
            language=language,
            subject=lambda: (
                _("Hur många kom? Rapportera närvaron: %(title)s") % {"title": activity.title}
            ),
            context=lambda: {
                "activity": activity,
                "link": absolute(reverse("signups:attendance", args=[activity.pk])),
            },
        )


def report_attendance(
    *, activity: Activity, in_person: int, online: int, reporter, now: datetime | None = None
) -> Attendance:
    """Record how many came, in person and online; a new report replaces the earlier one.

    The statistics read these rows for activities where nobody was checked in. Raises
    OrganiserError before the activity has started, for an activity that did not take place, when
    the check-ins give the figures, and for negative numbers.
    """
    if problem := attendance_problem(activity, now):
        raise OrganiserError(problem)
    if checked_in_attendance(activity):
        raise OrganiserError(CHECKINS_COUNT)
    if in_person < 0 or online < 0:
        raise OrganiserError(_("Antalet deltagare kan inte vara negativt."))
    attendance, _created = Attendance.objects.update_or_create(
        activity=activity,
        defaults={"in_person": in_person, "online": online, "reported_by": reporter},
    )
    return attendance


# --- check-in ---------------------------------------------------------------------------------------


def check_in(signup: SignUp, *, present: bool = True, online: bool = False) -> SignUp:
    """Marks a confirmed participant present (or not, to undo a mistaken tick): at the door, or
    `online` through the join link. Checking in twice keeps the first time and the first way."""
    if signup.status != SignUp.Status.CONFIRMED:
        raise OrganiserError(_("Bara bekräftade deltagare kan checkas in."))
    if present and signup.checked_in_at is None:
        signup.checked_in_at = timezone.now()
        signup.checked_in_online = online
    elif not present:
        signup.checked_in_at = None
        signup.checked_in_online = False
    signup.save(update_fields=["checked_in_at", "checked_in_online"])
    return signup


# Opening the join link through Veckan this long before the start counts as being there.
JOIN_CHECKIN_EARLY = timedelta(minutes=30)


def join_through_veckan(signup: SignUp, *, now: datetime | None = None) -> str:
    """The stream link for a confirmed participant who opens it through Veckan; opened from half
    an hour before the start until the end, it checks them in. "" when they may not have it."""
    activity = signup.activity
    link = activity.join_link_for(signup.status)
    now = now or timezone.now()
    if link and activity.starts_at - JOIN_CHECKIN_EARLY <= now <= activity.ends_at:
        check_in(signup, online=True)
    return link
