from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from veckan.accounts.permissions import has_two_factor, two_factor_setup_redirect


class VeckanAdminSite(admin.AdminSite):
    site_header = _("Innovationsveckan – administration")
    site_title = _("Innovationsveckan")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and has_two_factor(request.user)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # The admin's own login form would skip the two-factor step: everyone logs in through allauth.
        user = request.user
        if user.is_authenticated and not user.is_staff:
            # allauth sends a logged-in user straight back to `next`, the admin sends them here
            # again: without this answer the browser loops until it gives up.
            raise PermissionDenied(_("Administrationen är bara för personal."))
        if user.is_authenticated and not has_two_factor(user):
            return two_factor_setup_redirect(request)
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
