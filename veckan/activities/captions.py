"""The recording's captions: what a WebVTT file must be, and the reminders of the 14-day clock.

A recording that stays online after its broadcast must be captioned within CAPTION_DAYS
(models.caption_deadline); the organisers are reminded a week before, two days before and when
the time has run out, each once (RecordingReminder is the claim), in each member's language.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from veckan.activities.models import (
    CAPTION_DAYS,
    PUBLIC_STATUSES,
    Activity,
    RecordingReminder,
)
from veckan.lib.email import absolute, send_email

# A WebVTT file of a two-hour talk is about 150 kB; ten times that is no caption file.
CAPTIONS_MAX_BYTES = 2 * 1024 * 1024
NOT_WEBVTT = gettext_lazy(
    "Filen är inte en WebVTT-fil. En WebVTT-fil börjar med raden ”WEBVTT” och har tider som "
    "”00:00:01.000 --> 00:00:04.000”. De flesta videotjänster kan spara textningen som .vtt."
)


def check_captions_size(size: int) -> None:
    if size > CAPTIONS_MAX_BYTES:
        raise ValidationError(
            _("Textfilen får vara högst %(size)d MB.") % {"size": CAPTIONS_MAX_BYTES // 1024**2},
            code="too_big",
        )


def check_webvtt(content: bytes) -> None:
    """Raise ValidationError unless `content` is a WebVTT file: UTF-8, its first line "WEBVTT"
    (alone or followed by a space or tab and a header), and at least one cue's timings."""
    check_captions_size(len(content))
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Textfilen ska vara sparad som UTF-8, som WebVTT kräver."), code="encoding"
        ) from None
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if first_line != "WEBVTT" and not first_line.startswith(("WEBVTT ", "WEBVTT\t")):
        raise ValidationError(NOT_WEBVTT, code="not_webvtt")
    if "-->" not in text:
        raise ValidationError(
            _("Textfilen har ingen text med tider. Spara hela textningen som WebVTT."),
            code="no_cues",
        )


def check_captions_url(url: str) -> None:
    """A link to captions is a https link to a .vtt file (a page with captions is no file)."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValidationError(_("Länken till textfilen ska börja med https://."), code="https")
    if not parts.path.lower().endswith(".vtt"):
        raise ValidationError(_("Länka till själva textfilen, som slutar på .vtt."), code="not_vtt")


# --- reminders --------------------------------------------------------------------------------

Stage = RecordingReminder.Stage
# Each stage starts this long before the deadline (the LATE stage at it).
STAGE_STARTS = {
    Stage.WEEK_LEFT: timedelta(days=7),
    Stage.TWO_DAYS_LEFT: timedelta(days=2),
    Stage.LATE: timedelta(0),
}
# A reminder about a recording this long out of time helps nobody, and the first run must not
# write about every recording of earlier years (the coordinators' list shows those).
LATE_REMINDER_WINDOW = timedelta(days=7)


def reminder_stage(activity: Activity, now: datetime) -> str | None:
    """The reminder due now for the activity's recording, or None."""
    left = activity.caption_deadline - now
    if left <= -LATE_REMINDER_WINDOW:
        return None
    for stage, starts in sorted(STAGE_STARTS.items(), key=lambda item: item[1]):
        if left <= starts:
            return stage
    return None


def send_caption_reminders(*, now: datetime | None = None) -> int:
    """Remind the organisers of each recording online without captions that meet the rule, at
    7 days left, 2 days left and once the time has run out: one email to every active member of the
    main organisation, in their language. Each stage once per activity (the RecordingReminder row
    is claimed in the transaction that queues the emails); a stage missed (the recording added late,
    or the job not run) is skipped, not sent after. Returns how many reminders were queued."""
    now = now or timezone.now()
    soon = max(STAGE_STARTS.values())
    due = (
        Activity.objects.filter(status__in=PUBLIC_STATUSES)
        .captions_due(now=now, within=soon)
        .filter(ends_at__gt=now - LATE_REMINDER_WINDOW - timedelta(days=CAPTION_DAYS))
        .select_related("organisation")
        .prefetch_related("recording_reminders")
        .order_by("ends_at", "pk")
    )
    sent = 0
    for activity in due:
        stage = reminder_stage(activity, now)
        if stage is None or any(r.stage == stage for r in activity.recording_reminders.all()):
            continue
        with transaction.atomic():
            _claim, created = RecordingReminder.objects.get_or_create(
                activity=activity, stage=stage, defaults={"sent_at": now}
            )
            if created:
                _remind_to_caption(activity, stage, now)
                sent += 1
    return sent


def _remind_to_caption(activity: Activity, stage: str, now: datetime) -> None:
    days = activity.caption_days_left(now)
    members = activity.organisation.memberships.filter(user__is_active=True).values_list(
        "user__email", "user__language"
    )

    def subject() -> str:
        if stage == Stage.LATE:
            return _("Tiden för att texta inspelningen har gått ut: %(title)s") % {
                "title": activity.title
            }
        return ngettext(
            "%(days)d dag kvar att texta inspelningen: %(title)s",
            "%(days)d dagar kvar att texta inspelningen: %(title)s",
            days,
        ) % {"days": days, "title": activity.title}

    for email, language in members:
        send_email(
            to=email,
            template="activities/email/caption_reminder.txt",
            language=language,
            subject=subject,
            context=lambda: {
                "activity": activity,
                "late": stage == Stage.LATE,
                "days": days,
                "link": absolute(reverse("activities:follow_up", args=[activity.pk])),
            },
        )
