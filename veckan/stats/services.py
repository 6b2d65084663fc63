"""Counting page views without cookies or personal data: one counter per activity and day."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from veckan.stats.models import ActivityPageView

# Parts of a User-Agent that give away a robot, a link preview or a script. Kept short on purpose:
# the counts are a rough guide for organisers, not an audit.
BOT_MARKERS = (
    "bot",
    "crawler",
    "spider",
    "slurp",
    "preview",
    "monitor",
    "curl",
    "wget",
    "python-requests",
    "headless",
)


def is_counted(request: HttpRequest) -> bool:
    """Only GET requests from something that says it is a browser; no User-Agent is a script."""
    if request.method != "GET":
        return False
    user_agent = request.headers.get("User-Agent", "").lower()
    return bool(user_agent) and not any(marker in user_agent for marker in BOT_MARKERS)


def count_view(request: HttpRequest, activity) -> None:
    """Add one to today's counter for the activity's public page, unless a robot asked.

    Race-safe without locks: an atomic UPDATE … SET count = count + 1; the first view of the day
    inserts the row, and if another request inserted it first the unique constraint sends us back
    to the UPDATE. Stores no IP address and sets no cookie.
    """
    if not is_counted(request):
        return
    rows = ActivityPageView.objects.filter(activity=activity, day=timezone.localdate())
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ActivityPageView.objects.create(activity=activity, day=timezone.localdate(), count=1)
    except IntegrityError:
        rows.update(count=F("count") + 1)
