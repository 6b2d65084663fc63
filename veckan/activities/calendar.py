"""An activity as a calendar event: for the feeds (many rows as plain values) and for the emails to
participants (one activity, with the join link once the person is confirmed), so both say the same
UID, SEQUENCE and STATUS and a calendar program takes the email's event as an update of the feed's.

Text follows the active language (English title under /en/ where the organiser wrote one).
"""

from django.utils.translation import gettext as _

from veckan.activities.models import (
    ICAL_STATUS,
    Activity,
    Format,
    Occasion,
    event_status,
    localized,
    place_text,
)
from veckan.lib import calendar_links, ical

UID_DOMAIN = "innovationsveckan.se"
# What a feed reads of each activity (plain values): the same keys activity_row() gives.
ICS_FIELDS = (
    "pk",
    "slug",
    "status",
    "event_status",
    "sequence",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "format",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "municipality__name",
    "cancellation_reason",
    "updated_at",
)


# What a feed reads of each occasion of a series.
OCCASION_FIELDS = (
    "pk",
    "activity_id",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "municipality__name",
)


def occasions_of(activity_ids: list[int]) -> dict[int, list[dict]]:
    """The occasions of these activities as plain rows, by activity, in time order: one query."""
    found: dict[int, list[dict]] = {}
    rows = Occasion.objects.filter(activity_id__in=activity_ids).order_by("starts_at", "pk")
    for row in rows.values(*OCCASION_FIELDS):
        found.setdefault(row["activity_id"], []).append(row)
    return found


def with_occasion(row: dict, occasion: dict) -> dict:
    """The activity's row as one of its occasions: the occasion's time, its place where it has
    one of its own, and a UID of its own, so each occasion is an event of its own in a calendar
    (the UID stays while the occasion is edited: it is the occasion's row)."""
    own_place = occasion["address"] or occasion["venue"] or occasion["municipality__name"]
    return row | {
        "uid": f"occasion-{occasion['pk']}@{UID_DOMAIN}",
        "starts_at": occasion["starts_at"],
        "ends_at": occasion["ends_at"],
        "venue": occasion["venue"] if own_place else row["venue"],
        "address": occasion["address"] if own_place else row["address"],
        "municipality__name": occasion["municipality__name"] or row["municipality__name"],
    }


def events(row: dict, url: str, occasions: list[dict], *, join_url: str = "") -> list[ical.Event]:
    """The activity's calendar events: one per occasion of a series, else the one."""
    if not occasions:
        return [event(row, url, join_url=join_url)]
    return [event(with_occasion(row, o), url, join_url=join_url) for o in occasions]


def occasion_rows(activity: Activity) -> list[dict]:
    return occasions_of([activity.pk]).get(activity.pk, [])


def activity_row(activity: Activity) -> dict:
    """One activity as the plain values the feeds read."""
    row = {name: getattr(activity, name) for name in ICS_FIELDS if "__" not in name}
    row["municipality__name"] = activity.municipality.name if activity.municipality_id else ""
    return row


def location(row: dict, join_url: str = "") -> str:
    if row["format"] == Format.DIGITAL or not row["municipality__name"]:
        return join_url or _("Digitalt")
    return place_text(row["venue"], row["address"], row["municipality__name"])


def event(row: dict, url: str, *, join_url: str = "") -> ical.Event:
    """The calendar event of one activity row. `join_url` only for a confirmed participant."""
    status = event_status(status=row["status"], stored=row["event_status"], full=False)
    title = localized(row["title"], row["title_en"])
    summary, description = title, [localized(row["summary"], row["summary_en"]), url]
    if join_url:
        description.insert(1, _("Länk till sändningen eller mötet: %(url)s") % {"url": join_url})
    if status == "cancelled":
        # Many calendar programs ignore STATUS:CANCELLED in subscribed calendars; say it in words too.
        summary = _("Inställd: %(title)s") % {"title": title}
        description.insert(0, f"{_('Inställd.')} {row['cancellation_reason']}".strip())
    elif status == "postponed":
        summary = _("Uppskjuten: %(title)s") % {"title": title}
        description.insert(0, _("Uppskjuten. Ny tid meddelas senare."))
    return ical.Event(
        uid=row.get("uid") or f"activity-{row['pk']}@{UID_DOMAIN}",
        summary=summary,
        description="\n\n".join(description),
        start=row["starts_at"],
        end=row["ends_at"],
        location=location(row, join_url),
        url=url,
        status=ICAL_STATUS.get(status, "CONFIRMED"),
        sequence=row["sequence"],
        last_modified=row["updated_at"],
    )


def activity_calendar(
    activity: Activity,
    url: str,
    *,
    join_url: str = "",
    occasion: Occasion | None = None,
    occasion_cancelled: bool = False,
) -> str:
    """A whole .ics file holding the one activity, as text (for an email attachment): for a
    participant of one occasion of a series, that occasion (cancelled, when it is taken out of
    the series); else each of its occasions."""
    row = activity_row(activity)
    occasions = occasion_rows(activity)
    if occasion is not None:
        occasions = [o for o in occasions if o["pk"] == occasion.pk]
        if occasion_cancelled:
            row = row | {"status": "cancelled", "cancellation_reason": ""}
    return ical.calendar(
        activity.edition.name, events(row, url, occasions, join_url=join_url)
    ).decode()


def _link_fields(activity: Activity, url: str, join_url: str, occasion: Occasion | None) -> dict:
    row = activity_row(activity)
    if occasion is not None:
        [own] = [o for o in occasion_rows(activity) if o["pk"] == occasion.pk]
        row = with_occasion(row, own)
    found = event(row, url, join_url=join_url)
    return {
        "title": found.summary,
        "starts_at": found.start,
        "ends_at": found.end,
        "details": found.description,
        "location": found.location,
    }


def google_calendar_url(
    activity: Activity, url: str, *, join_url: str = "", occasion: Occasion | None = None
) -> str:
    """Google Calendar's "add event" page, filled in with what the .ics file says."""
    return calendar_links.google(**_link_fields(activity, url, join_url, occasion))


def outlook_calendar_url(
    activity: Activity, url: str, *, join_url: str = "", occasion: Occasion | None = None
) -> str:
    """Outlook on the web's "add event" page, filled in with what the .ics file says."""
    return calendar_links.outlook(**_link_fields(activity, url, join_url, occasion))
