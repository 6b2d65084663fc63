"""Two guards on every signed-in request: personal pages are never stored on the way, and a
coordinator's session ends after idle time.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from veckan.accounts.permissions import REVIEWS_IN_SESSION

LAST_SEEN = "veckan_last_seen"
# The session is written at most once a minute just to say "still here".
_TOUCH_SECONDS = 60


def start_idle_clock(sender, request, user, **kwargs) -> None:
    """At login the idle clock starts, saved with the login's own session write."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


def _signed_in_user(request):
    """The signed-in user, or None. Looking does not count as the page reading the session: a page
    for everyone (a calendar feed) keeps no `Vary: Cookie` and stays cacheable."""
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    accessed = session.accessed
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        session.accessed = True  # a signed-in person's page depends on their session
        return user
    session.accessed = accessed
    return None


class PrivateByDefaultMiddleware:
    """A page shown to a signed-in person holds their data: `Cache-Control: no-store` unless the
    view already said how it may be cached (the personal calendar's private conditional GET)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.accessed
            and _signed_in_user(request) is not None
            and not response.has_header("Cache-Control")
        ):
            add_never_cache_headers(response)
        return response


class CoordinatorIdleTimeoutMiddleware:
    """A coordinator's session (powers over every organisation) ends after
    settings.COORDINATOR_IDLE_SECONDS without a request; the next one asks them to log in again.
    So does a regional coordinator's, once it has used their powers (REVIEWS_IN_SESSION)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = _signed_in_user(request)
        if user is not None and (
            getattr(user, "is_coordinator", False) or request.session.get(REVIEWS_IN_SESSION)
        ):
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.COORDINATOR_IDLE_SECONDS:
                logout(request)
                messages.info(
                    request, _("Du har loggats ut efter en stunds inaktivitet. Logga in igen.")
                )
                return redirect_to_login(request.get_full_path())
            if last is None or now - last >= _TOUCH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
