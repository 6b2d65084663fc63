"""Whole public pages kept for the visitors who bring nothing of their own.

On release day most visitors come new: no session, no messages, nothing starred, not logged in.
Each of them is shown the same page of an activity or of the program, so it is rendered once and
kept, here in the process (the most recently asked) and in the shared cache (Redis in production,
so every worker and server can use a page another rendered). A view that keeps its pages says
what a kept page was made from (`meta`) and decides on each request whether that still holds: the
view owns the rule, this module only keeps and serves.

What differs between visitors on such a page is the CSRF token in its forms. A page is kept with a
mark in the token's place, and each visitor gets their own token in it when it is served (with the
cookie that goes with it), so a kept page posts as well as a rendered one.

The shared cache is the "pages" one in CACHES (Redis); without it, each process keeps its own.

The key holds the language, the address with its query, whether htmx asked for a part, and a
fingerprint of the code and templates the page was made with, so after a deploy no server serves a
page the previous version rendered.
"""

import hashlib
import re
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from veckan.lib.htmx import wants_fragment

# What {% csrf_token %} renders, and what a kept page holds instead.
_TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
_MARK = b"\x00csrf\x00"
# The headers a kept page is served with again (the middleware adds the rest on every response).
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "HX-Push-Url", "Cache-Control")
# In the shared cache at most this long, whatever the view says.
SHARED_SECONDS = 10 * 60


@dataclass(slots=True)
class Kept:
    """A page as rendered, with what the view said it was made from."""

    body: bytes  # zlib-compressed, with _MARK where each visitor's token goes
    headers: dict[str, str]
    meta: dict
    stored_at: float = field(default_factory=time.time)

    @property
    def age(self) -> float:
        return time.time() - self.stored_at


class PageCache:
    """One kind of page (`name`): kept in this process (up to `local_size`, newest asked first)
    and in the shared cache."""

    def __init__(self, name: str, local_size: int = 200):
        self.name = name
        self.local_size = local_size
        self._local: OrderedDict[str, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def key(self, request: HttpRequest) -> str:
        address = request.get_full_path()
        part = "part" if wants_fragment(request) else "page"
        digest = hashlib.sha256(f"{get_language()}|{part}|{address}".encode()).hexdigest()[:40]
        return f"page:{self.name}:{_fingerprint()}:{digest}"

    def get(self, request: HttpRequest) -> Kept | None:
        """The kept page for this request, if anyone may be served one and one is kept."""
        if not serves_kept_pages(request):
            return None
        key = self.key(request)
        with self._lock:
            kept = self._local.get(key)
            if kept is not None:
                self._local.move_to_end(key)
                return kept
        kept = _shared().get(key) if _shared() else None
        if isinstance(kept, Kept):
            self._keep_here(key, kept)
            return kept
        return None

    def put(self, request: HttpRequest, response: HttpResponse, meta: dict) -> None:
        """Keep a page just rendered for this request, with what it was made from."""
        if (
            not serves_kept_pages(request)
            or response.status_code != 200
            or response.streaming
            or response.cookies
        ):
            return
        body = _TOKEN_FIELD.sub(rb"\1" + _MARK + rb"\2", response.content)
        headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
        kept = Kept(zlib.compress(body, 1), headers, meta)
        key = self.key(request)
        self._keep_here(key, kept)
        if _shared():
            _shared().set(key, kept, SHARED_SECONDS)

    def restamp(self, request: HttpRequest, kept: Kept, **meta) -> None:
        """Say that a kept page still holds at a later point (say, a later revision), so the
        next check starts from there."""
        kept.meta.update(meta)
        if _shared():
            _shared().set(self.key(request), kept, SHARED_SECONDS)

    def serve(self, request: HttpRequest, kept: Kept) -> HttpResponse:
        body = zlib.decompress(kept.body)
        if _MARK in body:
            body = body.replace(_MARK, get_token(request).encode())
        response = HttpResponse(body)
        for name, value in kept.headers.items():
            response[name] = value
        return response

    def clear(self) -> None:
        """Forget what this process keeps (the shared cache keeps its copies until they expire)."""
        with self._lock:
            self._local.clear()

    def _keep_here(self, key: str, kept: Kept) -> None:
        with self._lock:
            self._local[key] = kept
            self._local.move_to_end(key)
            while len(self._local) > self.local_size:
                self._local.popitem(last=False)


def serves_kept_pages(request: HttpRequest) -> bool:
    """Whether this request may be answered with a page made for anyone: a GET or HEAD that
    brings no session (so no login, no Mitt program, no messages) and no messages cookie. The
    CSRF cookie is fine: each visitor's token is put in when the page is served."""
    if not getattr(settings, "KEEP_PUBLIC_PAGES", True):
        return False
    return request.method in ("GET", "HEAD") and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES
    )


def _shared():
    """The cache every process shares pages in, or None."""
    return caches["pages"] if "pages" in settings.CACHES else None


@cache
def _fingerprint() -> str:
    """What the pages are made with: the code, the templates and the translations, by content, so
    every server of one version agrees and no two versions do."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for pattern in ("veckan/**/*.py", "templates/**/*.html", "locale/**/*.mo"):
        for path in sorted(root.glob(pattern)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
