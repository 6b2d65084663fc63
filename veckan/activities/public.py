"""The open-data view of an activity (CC0): what anyone may read, with no personal data except
contact details the organiser chose to publish. Used by the API, the feeds and the webhooks.

Built from plain values, a chunk of activities at a time, with one query per relation and chunk:
model instances with their relations and prefetch managers cost about 0.4 ms a row, eight seconds
or more for a 20,000-activity edition; values do the same in a fraction of that, and one activity
takes the same road as the whole program, so there is one definition.
"""

from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from itertools import batched

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from veckan.activities.models import (
    Activity,
    ActivityTag,
    ContactPerson,
    CoOrganiser,
    Occasion,
    SignupMode,
    Status,
    event_status,
    seats_are_full,
)

# Rows fetched per query while streaming; their parts are read once per chunk, which bounds memory
# (2,000 took a worker to 223 MB in the JSON download, 1,000 to 194).
CHUNK_SIZE = 1000

PUBLIC_FIELDS = (
    "pk",
    "slug",
    "edition__year",
    "status",
    "event_status",
    "capacity",
    "seats_taken",
    "seats_waiting",
    "cancellation_reason",
    "title",
    "summary",
    "description",
    "title_en",
    "summary_en",
    "description_en",
    "type",
    "format",
    "starts_at",
    "ends_at",
    "municipality_id",
    "municipality__name",
    "municipality__county_id",
    "municipality__county__name",
    "venue",
    "address",
    "organisation__name",
    "organisation__slug",
    "organisation__kind",
    "signup_mode",
    "external_signup_url",
    "signup_deadline",
    "stream_url",
    "recording_url",
    "updated_at",
)
TAG_FIELDS = {
    ActivityTag.Kind.LANGUAGE: "languages",
    ActivityTag.Kind.TARGET_GROUP: "target_groups",
    ActivityTag.Kind.ACCESSIBILITY: "accessibility",
}


# --- reading many rows -----------------------------------------------------------------------------


def activity_urls() -> Callable[[str], str]:
    """The public page's address from a slug, without a reverse() (~50 µs) for every row."""
    marker = "slug-marker"
    before, after = reverse("program:activity", args=[marker]).split(marker)
    return lambda slug: f"{settings.SITE_URL}{before}{slug}{after}"


def in_chunks(rows: QuerySet) -> Iterator[list[dict]]:
    if rows.query.is_sliced:
        # A page or a single row: one plain read, without a server-side cursor's round trips.
        yield list(rows)
        return
    yield from map(list, batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE))


def of_activities(rows: QuerySet, activity_ids: list[int]) -> QuerySet:
    """The rows (of a table with an activity_id) that belong to these activities. On PostgreSQL the
    ids go as one array parameter: `IN` with 2,000 placeholders costs more to build and send than
    the query takes to run."""
    if connection.vendor != "postgresql":
        return rows.filter(activity_id__in=activity_ids)
    column = f'"{rows.model._meta.db_table}"."activity_id"'
    # The SQL is our own table name; the ids go as a parameter.
    return rows.filter(RawSQL(f"{column} = ANY(%s)", (activity_ids,), BooleanField()))  # noqa: S611


def local_isoformat(zone: tzinfo) -> Callable[[datetime], str]:
    """timezone.localtime(moment).isoformat(), remembered: many activities share a start or end."""
    known: dict[datetime, str] = {}

    def isoformat(moment: datetime) -> str:
        if (text := known.get(moment)) is None:
            if len(known) > 10_000:  # bounded, whatever the data
                known.clear()
            text = known[moment] = moment.astimezone(zone).isoformat()
        return text

    return isoformat


# --- the open data ---------------------------------------------------------------------------------


def _parts(ids: list[int], local: Callable[[datetime], str]) -> dict[int, dict[str, list]]:
    """Co-organisers, tags, focus areas, public contacts and occasions of these activities: one
    query each."""
    parts = {
        pk: {"co_organisers": [], "focus_areas": [], "contacts": [], "occasions": []}
        | {name: [] for name in TAG_FIELDS.values()}
        for pk in ids
    }
    co_organisers = of_activities(CoOrganiser.objects, ids).values_list(
        "activity_id", "organisation_id", "organisation__name", "organisation__kind", "name", "kind"
    )
    for activity_id, registered, registered_name, registered_kind, name, kind in co_organisers:
        if registered:  # CoOrganiser.display_name and effective_kind
            name, kind = registered_name, registered_kind
        parts[activity_id]["co_organisers"].append({"name": name, "kind": kind})
    tags = of_activities(ActivityTag.objects, ids).values_list("activity_id", "kind", "value")
    for activity_id, kind, value in tags:
        if kind in TAG_FIELDS:
            parts[activity_id][TAG_FIELDS[kind]].append(value)
    areas = (
        of_activities(Activity.focus_areas.through.objects, ids)
        .order_by("focusarea__position", "focusarea__name")
        .values_list("activity_id", "focusarea__name")
    )
    for activity_id, name in areas:
        parts[activity_id]["focus_areas"].append(name)
    contacts = of_activities(ContactPerson.objects, ids).values_list(
        "activity_id", "name", "email", "phone", "show_email", "show_phone"
    )
    for activity_id, name, email, phone, show_email, show_phone in contacts:
        if show_email or (show_phone and phone):  # Activity.public_contacts
            parts[activity_id]["contacts"].append(
                {
                    "name": name,
                    "email": email if show_email else "",
                    "phone": phone if show_phone else "",
                }
            )
    occasions = (
        of_activities(Occasion.objects, ids)
        .order_by("starts_at", "pk")
        .values_list(
            "activity_id",
            "pk",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "municipality_id",
            "municipality__name",
        )
    )
    for activity_id, pk, starts_at, ends_at, venue, address, code, name in occasions:
        parts[activity_id]["occasions"].append(
            {
                "id": pk,
                "starts_at": local(starts_at),
                "ends_at": local(ends_at),
                "venue": venue,
                "address": address,
                "municipality": {"code": code, "name": name} if code else None,
            }
        )
    return parts


def public_dicts(activities: QuerySet[Activity]) -> Iterator[list[dict]]:
    """Each of `activities` as open data, in their order, a chunk at a time."""
    url = activity_urls()
    local = local_isoformat(timezone.get_current_timezone())
    for chunk in in_chunks(activities.with_seat_counts().values(*PUBLIC_FIELDS)):
        parts = _parts([row["pk"] for row in chunk], local)
        items = []
        for row in chunk:
            more = parts[row["pk"]]
            cancelled = row["status"] == Status.CANCELLED
            mode = row["signup_mode"]
            deadline = row["signup_deadline"]
            code = row["municipality_id"]
            items.append(
                {
                    "id": row["pk"],
                    "slug": row["slug"],
                    "url": url(row["slug"]),
                    "edition": row["edition__year"],
                    "status": "cancelled" if cancelled else "scheduled",
                    "event_status": event_status(
                        status=row["status"],
                        stored=row["event_status"],
                        full=mode == SignupMode.PLATFORM
                        and seats_are_full(
                            capacity=row["capacity"],
                            taken=row["seats_taken"],
                            waiting=row["seats_waiting"],
                        ),
                    ),
                    "cancellation_reason": row["cancellation_reason"] if cancelled else "",
                    "title": row["title"],
                    "summary": row["summary"],
                    "description": row["description"],
                    "title_en": row["title_en"],
                    "summary_en": row["summary_en"],
                    "description_en": row["description_en"],
                    "type": row["type"],
                    "format": row["format"],
                    "starts_at": local(row["starts_at"]),
                    "ends_at": local(row["ends_at"]),
                    "municipality": (
                        {"code": code, "name": row["municipality__name"]} if code else None
                    ),
                    "county": (
                        {
                            "code": row["municipality__county_id"],
                            "name": row["municipality__county__name"],
                        }
                        if code
                        else None
                    ),
                    "venue": row["venue"],
                    "address": row["address"],
                    "organiser": {
                        "name": row["organisation__name"],
                        "slug": row["organisation__slug"],
                        "kind": row["organisation__kind"],
                    },
                    "co_organisers": more["co_organisers"],
                    "languages": sorted(more["languages"]),
                    "target_groups": sorted(more["target_groups"]),
                    "accessibility": sorted(more["accessibility"]),
                    "focus_areas": more["focus_areas"],
                    "signup": {
                        "mode": mode,
                        "url": row["external_signup_url"] if mode == SignupMode.EXTERNAL else "",
                        "deadline": local(deadline) if deadline else None,
                    },
                    # With sign-up here, the link is for confirmed participants only.
                    "stream_url": row["stream_url"] if mode != SignupMode.PLATFORM else "",
                    "recording_url": row["recording_url"],
                    "contacts": more["contacts"],
                    "occasions": more["occasions"],
                    "updated_at": row["updated_at"].isoformat(),
                }
            )
        yield items


def public_dict(activity: Activity) -> dict:
    """One activity as open data, read afresh from the database (five queries)."""
    [item] = next(public_dicts(Activity.objects.filter(pk=activity.pk)[:1]))
    return item
