"""What reviewers see of an activity: its reviewable content as text, and what changed since approval."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from veckan.activities.models import Activity, ActivityTag
from veckan.geography.models import Municipality


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _when(value: datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y H:i")


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
        if field in ("starts_at", "ends_at"):
            values[field] = parse_datetime(value)
        elif field == "municipality":
            values[field] = Municipality.objects.filter(code=value).first() if value else None
        else:
            values[field] = value
    return values


def reviewable_content(activity: Activity) -> dict[str, str]:
    """Every field a reviewer judges, as readable text keyed by its label. Pending changes included."""
    place = with_pending(activity)
    co_organisers = ", ".join(
        f"{co.display_name} ({co.effective_kind})" for co in activity.co_organisers.all()
    )
    contacts = "; ".join(
        f"{c.name}, {c.email}{', ' + c.phone if c.phone else ''}" for c in activity.contacts.all()
    )
    return {
        _("Titel"): activity.title,
        _("Sammanfattning"): activity.summary,
        _("Beskrivning"): activity.description,
        _("Titel på engelska"): activity.title_en,
        _("Sammanfattning på engelska"): activity.summary_en,
        _("Beskrivning på engelska"): activity.description_en,
        _("Typ"): activity.get_type_display(),
        _("Form"): str(dict(Activity._meta.get_field("format").choices).get(place["format"], "")),
        _("Börjar"): _when(place["starts_at"]),
        _("Slutar"): _when(place["ends_at"]),
        _("Kommun"): str(place["municipality"] or ""),
        _("Lokal"): place["venue"],
        _("Adress"): place["address"],
        _("Länk till sändning eller möte"): activity.stream_url,
        _("Arrangör"): activity.organisation.name,
        _("Medarrangörer"): co_organisers,
        _("Kontaktpersoner"): contacts,
        _("Språk"): ", ".join(activity.tag_labels(ActivityTag.Kind.LANGUAGE)),
        _("Målgrupper"): ", ".join(activity.tag_labels(ActivityTag.Kind.TARGET_GROUP)),
        _("Fokusområden"): ", ".join(a.name for a in activity.focus_areas.all()),
        _("Tillgänglighet"): ", ".join(activity.tag_labels(ActivityTag.Kind.ACCESSIBILITY)),
        _("Anmälan"): activity.get_signup_mode_display(),
        _("Antal platser"): str(activity.capacity or ""),
        _("Bildbeskrivning"): activity.image_alt,
    }


def changes_since_approval(activity: Activity) -> list[Change]:
    """What differs from the version last approved; empty for an activity never approved."""
    if not activity.approved_snapshot:
        return []
    now = reviewable_content(activity)
    before = activity.approved_snapshot
    return [
        Change(label, before.get(label, ""), value)
        for label, value in now.items()
        if before.get(label, "") != value
    ]
