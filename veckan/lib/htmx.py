"""htmx only enhances: a URL answers the whole page unless htmx asks for a part of it.

A response that differs by `HX-Request` says so in `Vary`, or a browser's cache hands the part to
Back or to a reload, and the visitor sees a bare fragment without header, search box or filters.
htmx's own history restore (`HX-History-Restore-Request`) asks for the whole page, too.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers


def wants_fragment(request: HttpRequest) -> bool:
    """Whether htmx asks for a part of the page (not the whole page, as for a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def varies_by_htmx(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response
