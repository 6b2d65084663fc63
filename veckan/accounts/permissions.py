"""Who may act as coordinator: the one check every coordinator power asks.

A coordinator's powers (review, editions, statistics, messages, webhooks, pages, the award, reach into
every organisation, registering after the deadline) need two-factor login. allauth asks for the code at
every login once TOTP is set up, so "has TOTP" is the gate. Ask `acts_as_coordinator`, never
`user.is_coordinator` alone: the flag says who the coordinators are, not what a session may do.

Regional coordinators (RegionalCoordinator) share three of the powers, review, featuring and
messages, within a county or a collection: those views ask `reviewer_required` and narrow what
they show by Activity.objects.within_scope_of; the two-factor gate is the same.
"""

from collections.abc import Callable
from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def acts_as_coordinator(user) -> bool:
    """True when `user` may use a coordinator's powers: a coordinator with two-factor login."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_coordinator", False)
        and user.is_active
        and has_two_factor(user)
    )


def is_regional_coordinator(user) -> bool:
    """True when `user` holds a grant for a county or a collection (see RegionalCoordinator)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.regional_scopes.exists()
    )


def acts_as_reviewer(user) -> bool:
    """True when `user` may review, feature and message, within the activities their powers reach
    (Activity.objects.within_scope_of): a national or a regional coordinator with two-factor login.
    Every other coordinator power asks acts_as_coordinator."""
    return acts_as_coordinator(user) or (is_regional_coordinator(user) and has_two_factor(user))


def two_factor_setup_redirect(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request,
        _(
            "Som samordnare behöver du tvåstegsinloggning. Ställ in en autentiseringsapp "
            "för att fortsätta."
        ),
    )
    return redirect("mfa_activate_totp")


def coordinator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let only coordinators with two-factor login through; others log in, set it up, or get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if acts_as_coordinator(user):
            return view(request, *args, **kwargs)
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_coordinator:
            # A coordinator who has not set up two-factor login yet: show the way, grant nothing.
            return two_factor_setup_redirect(request)
        raise PermissionDenied(_("Sidan är bara för samordnare."))

    return wrapped


# Set in the session of a regional coordinator who used their powers: from then on the session
# ends after idle time like a national coordinator's (CoordinatorIdleTimeoutMiddleware).
REVIEWS_IN_SESSION = "veckan_reviews"


def reviewer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like coordinator_required, for the powers a regional coordinator shares (review, featuring,
    messages): national and regional coordinators with two-factor login through, within what
    their powers reach (the view narrows by Activity.objects.within_scope_of)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if acts_as_reviewer(user):
            if not user.is_coordinator and not request.session.get(REVIEWS_IN_SESSION):
                request.session[REVIEWS_IN_SESSION] = True
            return view(request, *args, **kwargs)
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_coordinator or is_regional_coordinator(user):
            return two_factor_setup_redirect(request)
        raise PermissionDenied(_("Sidan är bara för samordnare."))

    return wrapped
