"""The two-factor gate: coordinators reach their pages and the admin only with TOTP set up.

allauth asks for the code at every login once TOTP is set up, so "has TOTP" is the gate.
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
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_coordinator:
            raise PermissionDenied(_("Sidan är bara för samordnare."))
        if not has_two_factor(user):
            return two_factor_setup_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped
