"""Telling participants when their activity changes: a cancellation, a postponement, or an approved
change to time, place, format or stream link taking effect.

Everyone with a seat or a place in the queue gets one email through the outbox, in their own
language: what changed, before and now side by side, their personal link, and the activity as a
calendar file with the same UID and a raised SEQUENCE (STATUS:CANCELLED once cancelled), so their
calendar replaces the old entry. A Notice row per sign-up and change, written before the email in the
same transaction, makes sure nobody is told of the same change twice.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veckan.activities.calendar import activity_calendar
from veckan.activities.changes import differences
from veckan.activities.models import Activity, Format
from veckan.lib.email import Attachment, absolute, queue_email, render_email
from veckan.signups.models import Notice, SignUp

# Stands in for the participant's name and personal link where the organisers preview the notice.
NAME_PLACEHOLDER = gettext_lazy("[namn]")
LINK_PLACEHOLDER = gettext_lazy("[personlig länk]")
SUBJECTS = {
    Notice.Kind.CHANGED: gettext_lazy("Ändrad: %(title)s"),
    Notice.Kind.POSTPONED: gettext_lazy("Uppskjuten: %(title)s"),
    Notice.Kind.CANCELLED: gettext_lazy("Inställd: %(title)s"),
}


def recipients(activity: Activity):
    """Everyone told of a change: confirmed, holding a seat, waiting or pending, whose data is still here."""
    return activity.signups.filter(
        status__in=(
            SignUp.Status.CONFIRMED,
            SignUp.Status.HELD,
            SignUp.Status.WAITING,
            SignUp.Status.PENDING,
        ),
        anonymised_at__isnull=True,
    ).order_by("created_at", "pk")


@dataclass(frozen=True)
class Row:
    label: str
    before: str
    now: str


def _time(value: tuple) -> str:
    start, end = (timezone.localtime(moment) for moment in value)
    return f"{date_format(start, 'l j F Y, H:i')}–{date_format(end, 'H:i')}"


def _rows(before: dict, after: dict, *, show_stream: bool) -> list[Row]:
    """Before and now for each thing that changed, in the active language."""
    formats = dict(Format.choices)
    none = _("–")
    rows = []
    for name in differences(before, after):
        if name == "time":
            rows.append(Row(_("Tid"), _time(before["time"]), _time(after["time"])))
        elif name == "format":
            rows.append(
                Row(_("Form"), str(formats[before["format"]]), str(formats[after["format"]]))
            )
        elif name == "place":
            rows.append(Row(_("Plats"), before["place"] or none, after["place"] or none))
        elif name == "stream_url" and after["stream_url"]:
            if show_stream:
                rows.append(
                    Row(
                        _("Länk till sändningen eller mötet"),
                        before["stream_url"] or none,
                        after["stream_url"],
                    )
                )
            else:
                rows.append(
                    Row(
                        _("Länk till sändningen eller mötet"),
                        none,
                        _("Ny länk. Du får den när din plats är bekräftad."),
                    )
                )
    return rows


def _shows_stream(activity: Activity, signup: SignUp | None, kind: str) -> bool:
    """Whether this notice carries the join link (activity.join_link_for decides who may have it);
    the organisers' preview (no sign-up) shows where it goes for those who get it."""
    if kind == Notice.Kind.CANCELLED or activity.format == Format.PHYSICAL:
        return False
    return signup is None or bool(activity.join_link_for(signup.status))


def notice_email(
    *,
    activity: Activity,
    kind: str,
    before: dict,
    after: dict,
    signup: SignUp | None = None,
    language: str | None = None,
    reason: str | None = None,
) -> tuple[str, str]:
    """The subject and text one participant gets, in their language. Without a sign-up,
    placeholders stand in for the name and personal link: the preview the organisers see (with
    the `reason` they are writing, before the activity holds it)."""
    show_stream = _shows_stream(activity, signup, kind)

    def context() -> dict:
        return {
            "kind": kind,
            "name": signup.name if signup else NAME_PLACEHOLDER,
            "signup": signup,
            "activity": activity,
            "rows": _rows(before, after, show_stream=show_stream),
            "reason": _stored_reason(activity, kind) if reason is None else reason,
            "show_stream": show_stream and kind == Notice.Kind.CHANGED,
            "activity_url": absolute(activity.get_absolute_url()),
            "manage_url": absolute(reverse("signups:manage", args=[signup.token]))
            if signup
            else LINK_PLACEHOLDER,
        }

    return render_email(
        template="signups/email/notice.txt",
        language=signup.language if signup else language,
        subject=lambda: SUBJECTS[kind] % {"title": activity.display_title},
        context=context,
    )


def _stored_reason(activity: Activity, kind: str) -> str:
    """What the organiser wrote when cancelling or postponing: participants read it in the notice."""
    if kind == Notice.Kind.CANCELLED:
        return activity.cancellation_reason
    return activity.postponement_reason if kind == Notice.Kind.POSTPONED else ""


def calendar_attachment(
    activity: Activity, *, join_url: str = "", occasion=None, occasion_cancelled: bool = False
) -> Attachment:
    """The activity (for a participant of a series: their occasion) as a calendar file, in the
    active language."""
    url = absolute(activity.get_absolute_url())
    return Attachment(
        filename=f"{activity.slug}.ics",
        content=activity_calendar(
            activity,
            url,
            join_url=join_url,
            occasion=occasion,
            occasion_cancelled=occasion_cancelled,
        ),
        mimetype="text/calendar",
    )


def join_url(activity: Activity, signup: SignUp) -> str:
    """The stream link for a calendar file: only to a confirmed participant of a digital or hybrid
    activity that is still on."""
    return activity.join_link_for(signup.status)


def notify_participants(
    *, activity: Activity, kind: str, before: dict, after: dict, occasion=None
) -> int:
    """Email everyone signed up of a change that has just taken effect; returns how many were told.
    With `occasion` (of a series), only those signed up to it, of its own change.

    Call inside the transaction that made the change, with the activity's sequence already raised:
    the Notice rows are written in it, so a second call for the same change tells nobody again.
    Side effects: one email per person through the outbox, each with a calendar attachment.
    """
    told = 0
    told_of = recipients(activity)
    if occasion is not None:
        told_of = told_of.filter(occasion=occasion)
    for signup in told_of:
        signup.activity = activity  # the changed, locked instance, not a fresh read
        try:
            with transaction.atomic():
                Notice.objects.create(signup=signup, sequence=activity.sequence, kind=kind)
        except IntegrityError:
            continue  # already told of this change
        subject, body = notice_email(
            activity=activity, kind=kind, before=before, after=after, signup=signup
        )
        queue_email(
            to=signup.email,
            subject=subject,
            body=body,
            language=signup.language,
            attachments=lambda s=signup: [
                calendar_attachment(
                    activity,
                    join_url=join_url(activity, s),
                    occasion=s.occasion,
                    occasion_cancelled=occasion is not None and kind == Notice.Kind.CANCELLED,
                )
            ],
        )
        told += 1
    return told
