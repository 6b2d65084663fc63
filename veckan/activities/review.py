"""What reviewers see of an activity: its reviewable content as text, and what changed.

Snapshots are keyed by field name and written in the site's language (Swedish), whatever language the
reviewer browses in, so a later comparison never sees a change that is only a translation.
"""

import copy
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Choices
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from veckan.activities.models import Activity, ActivityTag, ActivityType, Format, SignupMode
from veckan.geography.models import Municipality
from veckan.organisations.models import Kind

LABELS = {
    "title": _("Titel"),
    "summary": _("Sammanfattning"),
    "description": _("Beskrivning"),
    "title_en": _("Titel på engelska"),
    "summary_en": _("Sammanfattning på engelska"),
    "description_en": _("Beskrivning på engelska"),
    "type": _("Typ"),
    "format": _("Form"),
    "starts_at": _("Börjar"),
    "ends_at": _("Slutar"),
    "municipality": _("Kommun"),
    "venue": _("Lokal"),
    "address": _("Adress"),
    "stream_url": _("Länk till sändning eller möte"),
    "organisation": _("Arrangör"),
    "co_organisers": _("Medarrangörer"),
    "contacts": _("Kontaktpersoner"),
    "languages": _("Språk"),
    "target_groups": _("Målgrupper"),
    "focus_areas": _("Fokusområden"),
    "accessibility": _("Tillgänglighet"),
    "signup_mode": _("Anmälan"),
    "capacity": _("Antal platser"),
    "image_alt": _("Bildbeskrivning"),
    "occasions": _("Tillfällen"),
}
LONG_TEXT = frozenset({"summary", "description", "summary_en", "description_en"})


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return str(LABELS[self.field])

    @property
    def is_long_text(self) -> bool:
        return self.field in LONG_TEXT


def _when(value: datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y H:i")


def _label(choices: type[Choices], value: str) -> str:
    """A choice's label, as get_FOO_display() gives it (the value itself when it is none), without
    translating every other label on the way: the demo makes snapshots of 120,000 activities."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def with_pending(activity: Activity) -> dict:
    """The activity's reviewed fields as they will be if the pending changes are approved."""
    values = {
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "format": activity.format,
        "municipality": activity.municipality,
        "venue": activity.venue,
        "address": activity.address,
    }
    for field, value in activity.pending_changes.items():
        if field == "occasions":
            continue  # the occasions' own rows: occasions_text() shows them
        if field in ("starts_at", "ends_at"):
            values[field] = parse_datetime(value)
        elif field == "municipality":
            values[field] = Municipality.objects.filter(code=value).first() if value else None
        else:
            values[field] = value
    return values


def occasions_text(activity: Activity) -> str:
    """A series' occasions as one line each (pending ones, if a change waits for review): what
    reviewers judge of them. Empty for an activity without occasions."""
    rows = activity.pending_changes.get("occasions")
    if rows is None:
        occasions = (
            [
                (o.starts_at, o.ends_at, o.venue, o.address, o.capacity)
                for o in activity.occasions.all()
            ]
            if activity.pk
            else []
        )
    else:
        occasions = [
            (
                parse_datetime(r["starts_at"]),
                parse_datetime(r["ends_at"]),
                r["venue"],
                r["address"],
                r["capacity"],
            )
            for r in rows
        ]
    lines = []
    for starts_at, ends_at, venue, address, capacity in sorted(occasions, key=lambda o: o[0]):
        line = f"{_when(starts_at)}–{date_format(timezone.localtime(ends_at), 'H:i')}"
        place = ", ".join(part for part in (venue, address) if part)
        if place:
            line += f", {place}"
        if capacity is not None:
            line += f" ({capacity})"
        lines.append(line)
    return "\n".join(lines)


def reviewable_content(activity: Activity) -> dict[str, str]:
    """Every field a reviewer judges, as text keyed by field name, pending changes included."""
    with override(settings.LANGUAGE_CODE):
        occasions = occasions_text(activity)
        place = with_pending(activity)
        co_organisers = ", ".join(
            f"{co.display_name} ({Kind(co.effective_kind).label})"
            if co.effective_kind
            else co.display_name
            for co in activity.co_organisers.all()
        )
        contacts = "; ".join(
            f"{c.name}, {c.email}{', ' + c.phone if c.phone else ''}"
            for c in activity.contacts.all()
        )
        return {
            "title": activity.title,
            "summary": activity.summary,
            "description": activity.description,
            "title_en": activity.title_en,
            "summary_en": activity.summary_en,
            "description_en": activity.description_en,
            "type": _label(ActivityType, activity.type),
            "format": str(Format(place["format"]).label) if place["format"] else "",
            "starts_at": _when(place["starts_at"]),
            "ends_at": _when(place["ends_at"]),
            "municipality": str(place["municipality"] or ""),
            "venue": place["venue"],
            "address": place["address"],
            "stream_url": activity.stream_url,
            "organisation": activity.organisation.name,
            "co_organisers": co_organisers,
            "contacts": contacts,
            "languages": ", ".join(activity.tag_labels(ActivityTag.Kind.LANGUAGE)),
            "target_groups": ", ".join(activity.tag_labels(ActivityTag.Kind.TARGET_GROUP)),
            "focus_areas": ", ".join(a.name for a in activity.focus_areas.all()),
            "accessibility": ", ".join(activity.tag_labels(ActivityTag.Kind.ACCESSIBILITY)),
            "signup_mode": _label(SignupMode, activity.signup_mode),
            "capacity": str(activity.capacity or ""),
            "image_alt": activity.image_alt,
        } | ({"occasions": occasions} if occasions else {})


def content_as_approved(activity: Activity) -> dict[str, str]:
    """The reviewable content as it was approved: without the change waiting for review, if any."""
    approved = copy.copy(activity)
    approved.pending_changes = {}
    return reviewable_content(approved)


def content_items(activity: Activity) -> list[tuple[str, str]]:
    """The reviewable content as (label, value) pairs in the reader's language, for display."""
    return [(str(LABELS[field]), value) for field, value in reviewable_content(activity).items()]


def _differences(before: dict[str, str], after: dict[str, str]) -> list[Change]:
    return [
        Change(field, before.get(field, ""), value)
        for field, value in after.items()
        if before.get(field, "") != value
    ]


def changes_since_approval(activity: Activity) -> list[Change]:
    """What differs from the version last approved; empty for an activity never approved."""
    if not activity.approved_snapshot:
        return []
    return _differences(activity.approved_snapshot, reviewable_content(activity))


def pending_changes(activity: Activity) -> list[Change]:
    """The reviewed fields as approved now, and as they will be if the pending change is approved."""
    if not activity.has_pending_changes:
        return []
    return _differences(content_as_approved(activity), reviewable_content(activity))


def changes_since_request(activity: Activity) -> list[Change]:
    """What the organisers changed since the coordinators last asked for changes; empty once the
    activity is decided on, or if they never asked."""
    if not activity.changes_requested_snapshot:
        return []
    return _differences(activity.changes_requested_snapshot, reviewable_content(activity))
