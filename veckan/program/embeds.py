"""The embeddable program: an organisation's own sites show Veckan's program in an iframe.

Server-rendered and JavaScript-free; with ?storlek=auto the page also loads a few lines that tell
the host page its height (static/embed/embed.js on the host sets the iframe's height from it).
Framing is allowed only from the sites the embedding organisation has registered: the page's
Content-Security-Policy lists exactly those as frame-ancestors, and with none registered it is
refused everywhere, as every other page of Veckan is.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.csp import CSP

from veckan.activities.models import Activity, CoOrganiser
from veckan.editions.models import Edition
from veckan.organisations.models import Organisation, embed_hosts
from veckan.program.filters import PAGE_SIZE, HitList, ProgramSearch
from veckan.program.views import NOT_IN_THE_LIST

# The colour when the organisation has chosen none: Designsystemet's accent.
DEFAULT_COLOUR = "#0062ba"


def _framed_by(response: HttpResponse, organisation: Organisation) -> HttpResponse:
    hosts = embed_hosts(organisation.embed_domains)
    if hosts:
        response._csp_config = settings.SECURE_CSP | {
            "frame-ancestors": [f"https://{host}" for host in hosts]
        }
        response.xframe_options_exempt = True
    else:
        response._csp_config = settings.SECURE_CSP | {"frame-ancestors": [CSP.NONE]}
    return response


def _own(organisation: Organisation, edition: Edition) -> set[int]:
    co_organised = CoOrganiser.objects.filter(organisation=organisation).values("activity")
    return set(
        Activity.objects.in_edition(edition)
        .filter(Q(organisation=organisation) | Q(pk__in=co_organised))
        .values_list("pk", flat=True)
    )


def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The program as `slug`'s sites embed it: its own activities (as organiser or co-organiser),
    or with ?visa=alla the whole program, narrowed by the program's own filters (county, focus
    area, type, …), in the organisation's colour."""
    organisation = get_object_or_404(Organisation, slug=slug)
    edition = Edition.objects.current()
    context = {
        "organisation": organisation,
        "edition": edition,
        "colour": organisation.embed_colour or DEFAULT_COLOUR,
        "auto_size": request.GET.get("storlek") == "auto",
    }
    if edition is not None and edition.is_program_published():
        program = ProgramSearch(request.GET, edition=edition)
        pks = program.ranked_pks()
        if request.GET.get("visa") != "alla":
            own = _own(organisation, edition)
            pks = [pk for pk in pks if pk in own]
        hits = HitList(
            list(pks),
            Activity.objects.select_related("organisation", "municipality").with_seat_counts(),
        ).defer(*NOT_IN_THE_LIST)
        context["page"] = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("sida"))
        context["query"] = request.GET.copy()
        context["query"].pop("sida", None)
    return _framed_by(render(request, "program/embed.html", context), organisation)


def embed_colour(request: HttpRequest, slug: str) -> HttpResponse:
    """The embed's colour as a style sheet: the page's CSP allows no inline style."""
    organisation = get_object_or_404(Organisation.objects.only("embed_colour"), slug=slug)
    colour = organisation.embed_colour or DEFAULT_COLOUR  # validated: #rrggbb, nothing else
    response = HttpResponse(f":root {{ --embed-accent: {colour}; }}\n", content_type="text/css")
    response["Cache-Control"] = "public, max-age=300"
    return response
