"""Counting an activity's page views without cookies or personal data: one counter per activity and
day, read by the organisers' and coordinators' statistics."""

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from veckan.activities.models import ActivityPageView

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


def count_view(request: HttpRequest, activity_id: int) -> None:
    """Add one to today's counter for the activity's public page, unless a robot asked.

    One statement, race-safe without locks: INSERT … ON CONFLICT DO UPDATE SET count = count + 1
    (PostgreSQL and SQLite both have it; the ORM's bulk_create can only copy the new row's values
    on a conflict, not add to the old ones). Two requests at once both land on the unique
    constraint's row, and the database adds their ones one after the other. Stores no IP address
    and sets no cookie.
    """
    if not is_counted(request):
        return
    day = connection.ops.adapt_datefield_value(timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute(_add_one_sql(), [activity_id, day])


def _add_one_sql() -> str:
    meta = ActivityPageView._meta
    table = connection.ops.quote_name(meta.db_table)
    activity, day, count = (
        connection.ops.quote_name(meta.get_field(name).column)
        for name in ("activity", "day", "count")
    )
    # Only the model's own table and column names go into the text; the values are parameters.
    values = "VALUES (%s, %s, 1)"
    if connection.vendor == "postgresql":
        # A view count may be lost in a crash; waiting for the disk on every page view is what
        # would cost (a flush of the WAL, some milliseconds, where the rest of a kept page takes
        # one). set_config(…, true) turns the wait off for this statement's own transaction only.
        values = "SELECT %s, %s, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) s"
    insert = f"INSERT INTO {table} ({activity}, {day}, {count}) {values}"
    return f"{insert} ON CONFLICT ({activity}, {day}) DO UPDATE SET {count} = {table}.{count} + 1"
