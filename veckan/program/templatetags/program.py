"""Filters for the public program's templates: presentation only, the data comes from jsonld.py
and filters.py.

A library rather than view context so that every view rendering program/activity.html gets the
same head and share links without each of them remembering to add it.
"""

import threading
from collections import OrderedDict
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from veckan.activities import calendar
from veckan.activities.models import Activity
from veckan.lib.page_cache import serves_kept_pages
from veckan.program import jsonld
from veckan.program.filters import Facet

register = template.Library()


@register.filter
def event_jsonld(activity: Activity) -> SafeString:
    """{{ activity|event_jsonld }}: the schema.org Event (one per occasion of a series) as a
    <script type="application/ld+json">."""
    return jsonld.jsonld_script(jsonld.page_jsonld(activity))


@register.filter
def absolute_url(path: str) -> str:
    """{{ activity.get_absolute_url|absolute_url }}: the address to share, on SITE_URL."""
    return jsonld.absolute_url(path)


# The same event as the .ics file and the confirmation email: one builder, activities.calendar.


@register.filter
def google_calendar_url(activity: Activity) -> str:
    """{{ activity|google_calendar_url }}: a new event in Google Calendar, filled in."""
    return calendar.google_calendar_url(activity, jsonld.absolute_url(activity.get_absolute_url()))


@register.filter
def outlook_calendar_url(activity: Activity) -> str:
    """{{ activity|outlook_calendar_url }}: a new event in Outlook on the web, filled in."""
    return calendar.outlook_calendar_url(activity, jsonld.absolute_url(activity.get_absolute_url()))


# The facets' options are hundreds of checkboxes (one per municipality, too): written here with plain
# string formatting rather than a template loop or format_html, which took most of a search's time.


def _count(name: str, value: str, count: int, oob: bool = False) -> str:
    swap = ' hx-swap-oob="true"' if oob else ""
    return f'<span class="facet__count" id="count-{name}-{value}"{swap}>({count})</span>'


@register.filter
def facet_options(facet: Facet) -> SafeString:
    """{{ facet|facet_options }}: a checkbox for each option, with its count."""
    name = escape(facet.name)
    html = []
    for option in facet.options:
        value, checked = escape(option.value), " checked" if option.selected else ""
        html.append(
            '<div class="ds-field facet__option">'
            f'<input class="ds-input" type="checkbox" id="f-{name}-{value}" name="{name}" '
            f'value="{value}"{checked}><label class="ds-label" data-weight="regular" '
            f'for="f-{name}-{value}">{escape(str(option.label))} '
            f"{_count(name, value, option.count)}</label></div>"
        )
    return mark_safe("\n".join(html))  # every value in it is escaped above


@register.filter
def facet_counts(facets: list[Facet]) -> SafeString:
    """{{ facets|facet_counts }}: every option's count, for htmx to swap in out of band."""
    return mark_safe(  # every value in it is escaped
        "".join(
            _count(escape(facet.name), escape(option.value), option.count, oob=True)
            for facet in facets
            for option in facet.options
        )
    )


# Cards drawn for visitors with nothing starred, by what they are drawn from; the newest few
# thousand (a kilobyte or two each) in each process.
_CARDS: OrderedDict[tuple, str] = OrderedDict()
CARDS_KEPT = 3000
_cards_lock = threading.Lock()


@register.simple_tag(takes_context=True)
def activity_card(context, activity: Activity) -> SafeString:
    """{% activity_card activity %}: program/_partials/activity_card.html for the activity.

    Drawing 25 cards was most of a search's time. A card read through the program's index
    (filters.HitList marks it with its entry's serial) is drawn once per reading of the activity,
    language, seats and state of sign-up, and kept: the serial changes with every change the
    program's revision names. A visitor with a session may have starred it, so theirs is drawn."""
    template = context.template.engine.get_template("program/_partials/activity_card.html")
    serial = getattr(activity, "index_serial", None)
    request = context.get("request")
    if serial is None or request is None or not serves_kept_pages(request):
        with context.push(activity=activity):
            return template.render(context)
    key = (
        serial,
        get_language(),
        getattr(activity, "seats_taken", None),
        getattr(activity, "seats_waiting", None),
        activity.has_ended,
        activity.signup_state,
    )
    with _cards_lock:
        card = _CARDS.get(key)
        if card is not None:
            _CARDS.move_to_end(key)
            return card
    with context.push(activity=activity):
        card = template.render(context)
    with _cards_lock:
        _CARDS[key] = card
        while len(_CARDS) > CARDS_KEPT:
            _CARDS.popitem(last=False)
    return card


def forget_cards() -> None:
    with _cards_lock:
        _CARDS.clear()
