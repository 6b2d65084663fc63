from datetime import date, datetime, timedelta

from django.utils import timezone

from veckan.accounts.models import User
from veckan.pages.models import AccessibilityFeedback, Page

# What the privacy notice promises: feedback is kept for two years, then deleted.
FEEDBACK_RETENTION = timedelta(days=2 * 365)


def update_page(
    *,
    page: Page,
    editor: User,
    title: str,
    body: str,
    title_en: str,
    body_en: str,
    assessed_on: date | None = None,
) -> Page:
    """Save a coordinator's new text for `page`, and who wrote it."""
    page.title = title
    page.body = body
    page.title_en = title_en
    page.body_en = body_en
    if assessed_on is not None:
        page.assessed_on = assessed_on
    page.updated_by = editor
    page.save()
    return page


def mark_feedback_handled(*, feedback: AccessibilityFeedback, coordinator: User) -> None:
    """Record that `coordinator` has dealt with `feedback`. Marking it again changes nothing."""
    if feedback.handled:
        return
    feedback.handled = True
    feedback.handled_by = coordinator
    feedback.handled_at = timezone.now()
    feedback.save(update_fields=["handled", "handled_by", "handled_at"])


def delete_old_feedback(*, now: datetime | None = None) -> int:
    """Delete feedback older than the retention period; returns how many were deleted."""
    cutoff = (now or timezone.now()) - FEEDBACK_RETENTION
    deleted, _ = AccessibilityFeedback.objects.received_before(cutoff).delete()
    return deleted
