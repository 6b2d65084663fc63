from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veckan.accounts.permissions import coordinator_required
from veckan.editions import services
from veckan.editions.forms import EditionForm
from veckan.editions.models import Edition


@coordinator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "editions/dashboard.html", {"editions": Edition.objects.all()})


@coordinator_required
def edition_form(request: HttpRequest, year: int | None = None) -> HttpResponse:
    edition = get_object_or_404(Edition, year=year) if year else Edition()
    form = EditionForm(request.POST or None, instance=edition)
    if form.is_valid():
        edition = services.save_edition(
            edition=form.instance, focus_areas=form.cleaned_data["focus_areas"]
        )
        messages.success(request, _("%(edition)s är sparad.") % {"edition": edition})
        return redirect("editions:dashboard")
    return render(request, "editions/form.html", {"form": form, "edition": edition})


@coordinator_required
@require_POST
def make_current(request: HttpRequest, year: int) -> HttpResponse:
    edition = get_object_or_404(Edition, year=year)
    services.make_current(edition=edition)
    messages.success(request, _("%(edition)s är nu den aktuella utgåvan.") % {"edition": edition})
    return redirect("editions:dashboard")
