"""schema.org Event JSON-LD for the activity page, so search engines and calendars understand it.

Only what the public page shows goes in: no contact persons, and the stream link only when anyone
may have it (with sign-up here, the link is for participants: the page itself stands in for it).
"""

import json
from datetime import datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from veckan.activities.models import (
    SCHEMA_EVENT_STATUS,
    Activity,
    ActivityTag,
    Format,
    Language,
)
from veckan.organisations.models import Organisation

SCHEMA = "https://schema.org/"
# The week happens in Sweden; the offset must be Stockholm's on that date (+02:00 or +01:00),
# whatever time zone the request happens to be rendered in.
STOCKHOLM = ZoneInfo("Europe/Stockholm")
ATTENDANCE_MODES = {
    Format.PHYSICAL: SCHEMA + "OfflineEventAttendanceMode",
    Format.DIGITAL: SCHEMA + "OnlineEventAttendanceMode",
    Format.HYBRID: SCHEMA + "MixedEventAttendanceMode",
}
# The same characters Django's json_script escapes: with "<" escaped, no "</script>" or "<!--"
# in a title can end the element early, and "&" cannot start a character reference.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# Sign language first would be odd: the codes in the order the registration form offers them.
LANGUAGE_ORDER = {code: position for position, code in enumerate(Language.values)}


def absolute_url(path: str) -> str:
    """The canonical address of a path (or of a URL that is already absolute) on this site."""
    return urljoin(settings.SITE_URL + "/", path)


def event_jsonld(activity: Activity) -> dict:
    """Expects an activity with its edition, organisation, place, tags and co-organisers fetched
    (Activity.objects.with_related() or the activity page's own query), so it runs no queries."""
    page_url = absolute_url(activity.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.display_title,
        "description": activity.display_summary,
        "startDate": _iso(activity.starts_at),
        "endDate": _iso(activity.ends_at),
        "eventAttendanceMode": ATTENDANCE_MODES[activity.format],
        "eventStatus": SCHEMA_EVENT_STATUS[activity.event_status_now],
        "location": _location(activity, page_url),
        "organizer": _organizers(activity),
        "isAccessibleForFree": True,
        "url": page_url,
    }
    languages = sorted(
        activity.tag_values(ActivityTag.Kind.LANGUAGE),
        key=lambda code: LANGUAGE_ORDER.get(code, len(LANGUAGE_ORDER)),
    )
    # The languages the activity is held in; when the organiser named none, the language of the
    # text shown (English under /en/ where written, else Swedish).
    data["inLanguage"] = languages or [activity.display_title.lang]
    if activity.image:
        data["image"] = absolute_url(activity.image.url)
    return data


def page_jsonld(activity: Activity) -> dict | list[dict]:
    """What the activity page says to search engines: its Event, or for a series one Event per
    occasion (what Google documents for an event on several dates: "a separate Event for each
    date"), each with the occasion's own time and place and the page as its url. Expects the
    occasions prefetched with their municipalities, as the activity page does."""
    occasions = list(activity.occasions.all())
    if not occasions:
        return event_jsonld(activity)
    series = event_jsonld(activity)
    page_url = series["url"]
    events = []
    for occasion in occasions:
        data = dict(series)
        data["startDate"] = _iso(occasion.starts_at)
        data["endDate"] = _iso(occasion.ends_at)
        if activity.format != Format.DIGITAL:
            data["location"] = _location(activity, page_url, occasion)
        events.append(data)
    return events


def jsonld_script(data: dict | list[dict]) -> SafeString:
    """`data` as a <script type="application/ld+json"> element, safe to place in the HTML.

    A data block, not JavaScript: browsers never run it, so the CSP's script-src does not apply.
    """
    escaped = json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))


def _iso(moment: datetime) -> str:
    return moment.astimezone(STOCKHOLM).isoformat(timespec="seconds")


def _location(activity: Activity, page_url: str, occasion=None) -> dict | list[dict]:
    place = _place(activity, occasion)
    if activity.format == Format.PHYSICAL:
        return place
    virtual = {
        "@type": "VirtualLocation",
        "url": activity.join_link_for(None) or page_url,
    }
    if activity.format == Format.DIGITAL:
        return virtual
    return [place, virtual]


def _place(activity: Activity, occasion=None) -> dict:
    # An occasion of a series may have a place of its own; else it is the activity's.
    here = activity
    if occasion is not None and (occasion.address or occasion.venue or occasion.municipality_id):
        here = occasion
    municipality = here.municipality if here.municipality_id else activity.municipality
    address = {"@type": "PostalAddress", "addressCountry": "SE"}
    if here.address:
        address["streetAddress"] = here.address
    if municipality:
        address["addressLocality"] = municipality.name
        address["addressRegion"] = municipality.county.name
    place: dict = {"@type": "Place"}
    if here.venue:
        place["name"] = here.venue
    place["address"] = address
    return place


def _organizers(activity: Activity) -> list[dict]:
    organizers = [_organization(activity.organisation.name, activity.organisation)]
    organizers += [
        _organization(co.display_name, co.organisation if co.organisation_id else None)
        for co in activity.co_organisers.all()
    ]
    return organizers


def _organization(name: str, registered: Organisation | None) -> dict:
    organization = {"@type": "Organization", "name": name}
    if registered is not None:
        organization["url"] = absolute_url(reverse("program:organisation", args=[registered.slug]))
    return organization
