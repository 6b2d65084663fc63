"""The national coordinators' page for regional coordinators: who holds which county or
collection, granting the role by email and revoking it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veckan.accounts.permissions import coordinator_required
from veckan.coordination import services
from veckan.coordination.forms import GrantForm
from veckan.coordination.models import RegionalCoordinator
from veckan.lib.forms import form_errors


@coordinator_required
def regional_list(request: HttpRequest) -> HttpResponse:
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = services.grant_regional_coordinator(
                user=data["email"],
                county=data["county"],
                collection=data["collection"],
                granted_by=request.user,
            )
        except services.GrantError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(user)s är nu regional samordnare för %(area)s och har fått ett mejl om det.")
                % {"user": grant.user, "area": grant.area},
            )
            return redirect("coordination:list")
    grants = RegionalCoordinator.objects.select_related(
        "user", "county", "collection__edition", "granted_by"
    )
    return render(
        request,
        "coordination/list.html",
        {"form": form, "errors": form_errors(form), "grants": grants},
    )


@coordinator_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(RegionalCoordinator.objects.select_related("user"), pk=pk)
    services.revoke_regional_coordinator(grant=grant, revoked_by=request.user)
    messages.success(
        request,
        _("%(user)s är inte längre regional samordnare för %(area)s.")
        % {"user": grant.user, "area": grant.area},
    )
    return redirect("coordination:list")
