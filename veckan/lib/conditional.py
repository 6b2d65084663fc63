"""Conditional GET, one way for every feed, the API and the personal calendar: an ETag (and a
Last-Modified where the moment of the last change is known) on every answer, and a 304 without a
body for a client whose copy is current."""

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag


def etag_of(content: str | bytes) -> str:
    """A strong ETag for what `content` (a body, or what a body is made of) determines."""
    data = content.encode() if isinstance(content, str) else content
    return quote_etag(hashlib.sha256(data).hexdigest()[:32])


def conditional(
    request: HttpRequest,
    *,
    etag: str,
    build: Callable[[], HttpResponse],
    last_modified: datetime | None = None,
    max_age: int,
    public: bool = True,
) -> HttpResponse:
    """304 when the client's copy is current, else build(); either way with the validators and
    caching: public, or private for what belongs to one person."""
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = build()
    response.headers["ETag"] = etag
    if timestamp is not None:
        response.headers["Last-Modified"] = http_date(timestamp)
    if public:
        patch_cache_control(response, public=True, max_age=max_age)
    else:
        patch_cache_control(response, private=True, max_age=max_age)
    return response
