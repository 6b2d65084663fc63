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


def health_report() -> dict:
    """Each part Veckan depends on, checked on its own: the database, the shared cache, and how much
    mail waits in the outbox (a growing backlog or an old oldest message means the mail server or the
    outbox worker is down)."""
    from django.core.cache import cache
    from django.db import connection

    from veckan.lib.cache import strict
    from veckan.outbox.models import OutboxMessage

    report: dict = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = "ok"
    except Exception as error:
        report["database"] = f"down: {type(error).__name__}"
    try:
        strict(cache).set("health:probe", "1", timeout=10)
        report["cache"] = "ok" if strict(cache).get("health:probe") == "1" else "down: no answer"
    except Exception as error:
        report["cache"] = f"down: {type(error).__name__}"
    if report["database"] == "ok":
        pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
        oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
        report["outbox"] = {
            "pending": pending.count(),
            "failed": OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count(),
            "oldest_pending_seconds": int((timezone.now() - oldest).total_seconds())
            if oldest
            else 0,
        }
    return report
