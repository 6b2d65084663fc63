"""The open-data view of an activity (CC0): what anyone may read, with no personal data except
contact details the organiser chose to publish. Used by the API, the feeds and the webhooks."""

from django.conf import settings
from django.utils import timezone

from veckan.activities.models import Activity, ActivityTag


def public_dict(activity: Activity) -> dict:
    """Expects an activity fetched with Activity.objects.with_related()."""
    municipality = activity.municipality
    return {
        "id": activity.pk,
        "slug": activity.slug,
        "url": settings.SITE_URL + activity.get_absolute_url(),
        "edition": activity.edition.year,
        "status": "cancelled" if activity.is_cancelled else "scheduled",
        "cancellation_reason": activity.cancellation_reason if activity.is_cancelled else "",
        "title": activity.title,
        "summary": activity.summary,
        "description": activity.description,
        "title_en": activity.title_en,
        "summary_en": activity.summary_en,
        "description_en": activity.description_en,
        "type": activity.type,
        "format": activity.format,
        "starts_at": timezone.localtime(activity.starts_at).isoformat(),
        "ends_at": timezone.localtime(activity.ends_at).isoformat(),
        "municipality": (
            {"code": municipality.code, "name": municipality.name} if municipality else None
        ),
        "county": (
            {"code": municipality.county.code, "name": municipality.county.name}
            if municipality
            else None
        ),
        "venue": activity.venue,
        "address": activity.address,
        "organiser": {
            "name": activity.organisation.name,
            "slug": activity.organisation.slug,
            "kind": activity.organisation.kind,
        },
        "co_organisers": [
            {"name": co.display_name, "kind": co.effective_kind}
            for co in activity.co_organisers.all()
        ],
        "languages": activity.tag_values(ActivityTag.Kind.LANGUAGE),
        "target_groups": activity.tag_values(ActivityTag.Kind.TARGET_GROUP),
        "accessibility": activity.tag_values(ActivityTag.Kind.ACCESSIBILITY),
        "focus_areas": [area.name for area in activity.focus_areas.all()],
        "signup": {
            "mode": activity.signup_mode,
            "url": activity.external_signup_url if activity.signup_mode == "external" else "",
            "deadline": (
                timezone.localtime(activity.signup_deadline).isoformat()
                if activity.signup_deadline
                else None
            ),
        },
        "stream_url": activity.stream_url if activity.signup_mode != "platform" else "",
        "recording_url": activity.recording_url,
        "contacts": [
            {
                "name": contact.name,
                "email": contact.email if contact.show_email else "",
                "phone": contact.phone if contact.show_phone else "",
            }
            for contact in activity.public_contacts
        ],
        "updated_at": activity.updated_at.isoformat(),
    }
