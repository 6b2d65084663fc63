"""The public catalogue of solutions: search with facets, a page per solution, a CSV file of all,
and marking a solution "vi testar" / "vi har infört" for another organisation."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from veckan.lib import csvfile
from veckan.lib.forms import is_plain_number
from veckan.organisations.models import Organisation
from veckan.solutions import services
from veckan.solutions.catalogue import CatalogueSearch
from veckan.solutions.forms import AdoptionForm
from veckan.solutions.models import Adoption, Solution

PER_PAGE = 20


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    search = CatalogueSearch(request.GET)
    number = request.GET.get("sida", "1")
    page = Paginator(search.results(), PER_PAGE).get_page(
        int(number) if is_plain_number(number) else 1
    )
    kept = [(name, value) for name, value in request.GET.lists() if name != "sida"]
    query = urlencode([(name, v) for name, values in kept for v in values if v])
    return render(
        request,
        "solutions/catalogue.html",
        {"search": search, "facets": search.facets(), "page": page, "query": query},
    )


def _adopter_organisations(solution: Solution, user) -> list[Organisation]:
    """The user's organisations that may mark the solution: all but its owner."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.of_user(user).exclude(pk=solution.organisation_id)


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    solution = get_object_or_404(
        Solution.objects.public().select_related("organisation__home_municipality__county"),
        slug=slug,
    )
    activities = solution.activities.published().select_related("edition").order_by("-starts_at")
    nominations = (
        solution.nominations.in_final().select_related("award__edition").order_by("-created_at")
    )
    adoptions = solution.adoptions.select_related("organisation").order_by("status", "-updated_at")
    organisations = _adopter_organisations(solution, request.user)
    # The user's own organisations' marks: the form starts from the first, and each can be removed.
    own = [a for a in adoptions if organisations and a.organisation in organisations]
    initial = (
        {"organisation": own[0].organisation, "status": own[0].status, "note": own[0].note}
        if own
        else None
    )
    context = {
        "solution": solution,
        "activities": activities,
        "nominations": nominations,
        "adoptions": adoptions,
        "focus_areas": solution.focus_areas.select_related("edition"),
        "own_adoptions": own,
        "adoption_form": (
            AdoptionForm(organisations=organisations, initial=initial) if organisations else None
        ),
    }
    return render(request, "solutions/detail.html", context)


@login_required
@require_POST
def adopt(request: HttpRequest, slug: str) -> HttpResponse:
    solution = get_object_or_404(Solution.objects.public(), slug=slug)
    organisations = _adopter_organisations(solution, request.user)
    if request.POST.get("remove"):
        organisation = get_object_or_404(organisations, pk=request.POST.get("organisation") or 0)
        services.remove_adoption(solution=solution, organisation=organisation, by=request.user)
        messages.success(request, _("Markeringen är borttagen."))
        return redirect(solution)
    form = AdoptionForm(request.POST, organisations=organisations)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(solution)
    try:
        services.mark_adoption(
            solution=solution,
            organisation=form.cleaned_data["organisation"],
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except services.SolutionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Tack! Lösningens ägare har fått veta det."))
    return redirect(solution)


CSV_HEADER = (
    "namn",
    "adress",
    "organisation",
    "typ_av_organisation",
    "lan",
    "mognad",
    "fokusomraden",
    "sammanfattning",
    "problemet",
    "losningen",
    "sa_kommer_andra_i_gang",
    "insats",
    "kostnad",
    "licens",
    "kallkod",
    "kontaktperson",
    "kontakt_epost",
    "testar",
    "har_infort",
    "godkand",
)


def csv_rows(solutions) -> list[list]:
    rows = []
    for s in solutions:
        counts = dict.fromkeys(Adoption.Status.values, 0)
        for adoption in s.adoptions.all():
            counts[adoption.status] += 1
        rows.append(
            [
                s.title,
                settings.SITE_URL + s.get_absolute_url(),
                s.organisation.name,
                s.organisation.kind,
                s.organisation.home_municipality.county.name,
                s.maturity,
                ", ".join(sorted({area.name for area in s.focus_areas.all()})),
                s.summary,
                s.problem,
                s.solution,
                s.how_to_start,
                s.effort,
                s.cost,
                s.licence,
                s.repository_url,
                s.contact_name if s.show_contact else "",
                s.contact_email if s.show_contact else "",
                counts[Adoption.Status.TESTING],
                counts[Adoption.Status.ADOPTED],
                s.approved_at.date().isoformat() if s.approved_at else "",
            ]
        )
    return rows


@require_safe
def csv(request: HttpRequest) -> HttpResponse:
    solutions = Solution.objects.public().for_cards().prefetch_related("adoptions").order_by("pk")
    return csvfile.response("losningar.csv", CSV_HEADER, csv_rows(solutions))
