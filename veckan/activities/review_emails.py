"""Telling coordinators what waits for review: new activities, activities sent in again after changes
were requested, and changes to approved ones. Each coordinator chooses on Mitt konto: an email for
each at once, one summary a day, or none.
"""

from datetime import timedelta
from functools import partial

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from veckan.accounts.models import User
from veckan.activities.models import LogEntry
from veckan.lib.email import absolute, send_email

TO_REVIEW = (LogEntry.Action.SUBMITTED, LogEntry.Action.CHANGE_SUBMITTED)
# A summary goes out at most once in this long, however often the job runs.
DIGEST_INTERVAL = timedelta(hours=23)


def _coordinators(choice: str) -> QuerySet[User]:
    return User.objects.filter(is_coordinator=True, is_active=True, review_emails=choice)


def _send(coordinator: User, entries: list[LogEntry], subject) -> None:
    send_email(
        to=coordinator.email,
        template="activities/email/to_review.txt",
        language=coordinator.language,
        subject=subject,
        context=lambda: {
            "entries": entries,
            "queue": absolute(reverse("review:queue")),
            "account": absolute(reverse("accounts:account")),
        },
    )


def tell_at_once(entry: LogEntry) -> None:
    """Email the coordinators who want each one at once (in the transaction that logged it)."""
    for coordinator in _coordinators(User.ReviewEmails.AT_ONCE).exclude(pk=entry.actor_id):
        _send(
            coordinator,
            [entry],
            lambda: gettext("Att granska: %(title)s") % {"title": entry.activity.title},
        )


def _digest_subject(count: int) -> str:
    return ngettext(
        "%(count)d aktivitet att granska", "%(count)d aktiviteter att granska", count
    ) % {"count": count}


def send_digests(*, now=None) -> int:
    """Send each coordinator who chose a daily summary what came in since their last one (nothing
    when nothing did). Returns how many summaries were sent."""
    now = now or timezone.now()
    sent = 0
    for coordinator in _coordinators(User.ReviewEmails.DAILY):
        since = coordinator.review_digest_sent_at or now - timedelta(days=1)
        if now - since < DIGEST_INTERVAL:
            continue
        entries = list(
            LogEntry.objects.filter(action__in=TO_REVIEW, created_at__gt=since, created_at__lte=now)
            .exclude(actor=coordinator)
            .select_related("activity__organisation")
        )
        if entries:
            _send(coordinator, entries, partial(_digest_subject, len(entries)))
            sent += 1
        User.objects.filter(pk=coordinator.pk).update(review_digest_sent_at=now)
    return sent
