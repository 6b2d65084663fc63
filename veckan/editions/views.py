from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veckan.accounts.permissions import coordinator_required
from veckan.editions import services
from veckan.editions.forms import EditionForms
from veckan.editions.models import Edition


@coordinator_required
def edition_form(request: HttpRequest, year: int | None = None) -> HttpResponse:
    edition = get_object_or_404(Edition, year=year) if year else Edition()
    forms = EditionForms.build(request.POST or None, edition=edition)
    if request.method == "POST" and forms.is_valid():
        edition = services.save_edition(
            edition=forms.form.instance,
            focus_areas=[row.instance for row in forms.focus_areas.kept_forms()],
            removed=[row.instance for row in forms.focus_areas.deleted_forms],
        )
        messages.success(request, _("%(edition)s är sparad.") % {"edition": edition})
        return redirect("stats:home")
    context = {"forms": forms, "form": forms.form, "edition": edition}
    return render(request, "editions/form.html", context)


@coordinator_required
@require_POST
def make_current(request: HttpRequest, year: int) -> HttpResponse:
    edition = get_object_or_404(Edition, year=year)
    services.make_current(edition=edition)
    messages.success(request, _("%(edition)s är nu den aktuella utgåvan.") % {"edition": edition})
    return redirect("stats:home")
