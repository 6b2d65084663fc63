"""When the database is away (a restart, a failover, a full connection table): a clear 503 page
that asks the visitor to try again, never a 500 or a traceback.

Two ways in, so every request is covered. The middleware's process_exception takes an error from a
view or its template (also with DEBUG on). The 500 handler (veckan.urls.handler500) takes one raised
anywhere else, such as a middleware reading the session: Django calls it with the exception still
being handled. Nothing is half-written either way: every write that belongs together runs in one
transaction, which the database rolls back when the connection breaks. The next request reconnects
by itself (CONN_HEALTH_CHECKS in settings).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import translate_url
from django.utils import translation
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
# A PostgreSQL restart takes a few seconds; a browser or a client may come back after this many.
RETRY_AFTER_SECONDS = 5
# The API answers in JSON, as its other errors do ({"detail": ...}, in Swedish like them).
API_PREFIX = "/api/"
API_DETAIL = "Databasen går inte att nå just nu. Försök igen om en stund."


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page. Rendered without the request's context processors: they read the database
    (the current edition, the signed-in user, the messages in the session), which is away."""
    if request.path.startswith(API_PREFIX):
        return _unavailable(JsonResponse({"detail": API_DETAIL}, status=503))
    language = translation.get_language() or "sv"
    other = "en" if language == "sv" else "sv"
    html = loader.render_to_string(
        "503.html",
        {
            "LANGUAGE_CODE": language,
            "other_language": other,
            "other_language_url": translate_url(request.get_full_path(), other),
            "retry_url": request.get_full_path() if request.method == "GET" else "",
        },
    )
    return _unavailable(HttpResponse(html, status=503))


def _unavailable(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _is_database_error(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_ERRORS)


class DatabaseUnavailableMiddleware:
    """A view (or its template) that cannot reach the database answers with the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not _is_database_error(exception):
            return None
        logger.warning("database unavailable on %s: %s", request.path, exception)
        return database_unavailable(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 page when what failed was the database (outside any view), else the
    usual 500 page."""
    if _is_database_error(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request)
