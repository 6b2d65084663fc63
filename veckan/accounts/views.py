from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from veckan.accounts.forms import AccountSettingsForm
from veckan.accounts.permissions import is_regional_coordinator


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Mitt konto: the name colleagues see and the language of every email the site sends you."""
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dina inställningar är sparade."))
        return redirect("accounts:account")
    # The site's menu shows Samordning to national coordinators; a regional one finds it here.
    context = {"form": form, "is_regional": is_regional_coordinator(request.user)}
    return render(request, "accounts/account.html", context)
