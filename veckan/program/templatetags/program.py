"""Filters for the public program's templates: presentation only, the data comes from jsonld.py.

A library rather than view context so that every view rendering program/activity.html gets the
same head and share links without each of them remembering to add it.
"""

from django import template
from django.utils.safestring import SafeString

from veckan.activities.models import Activity
from veckan.program import jsonld

register = template.Library()


@register.filter
def event_jsonld(activity: Activity) -> SafeString:
    """{{ activity|event_jsonld }}: the schema.org Event as a <script type="application/ld+json">."""
    return jsonld.jsonld_script(jsonld.event_jsonld(activity))


@register.filter
def absolute_url(path: str) -> str:
    """{{ activity.get_absolute_url|absolute_url }}: the address to share, on SITE_URL."""
    return jsonld.absolute_url(path)
