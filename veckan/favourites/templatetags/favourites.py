"""The star button, for any template that shows an activity: {% star_button activity %}.

A tag rather than view context so that the program's views, which belong to another app, need not
know about Mitt program. The page includes {% star_form %} once, outside any other form: the
buttons submit it (form="star-form"), which lets a button sit inside the program's search form,
where a form of its own would be nested, which HTML does not allow.
"""

from django import template
from django.http import HttpRequest

from veckan.activities.models import Activity
from veckan.favourites.session import starred_activity_ids

register = template.Library()


def _starred(request: HttpRequest) -> frozenset[int]:
    # One query per request, however many buttons the page shows.
    if not hasattr(request, "_starred_activity_ids"):
        request._starred_activity_ids = starred_activity_ids(request)
    return request._starred_activity_ids


@register.inclusion_tag("favourites/_star_button.html", takes_context=True)
def star_button(context, activity: Activity) -> dict:
    return {"activity": activity, "is_starred": activity.pk in _starred(context["request"])}


@register.inclusion_tag("favourites/_star_form.html", takes_context=True)
def star_form(context) -> dict:
    # Django hands the csrf_token on to an inclusion tag's template by itself.
    return {"request": context["request"]}
