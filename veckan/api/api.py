"""The open-data API, version 1: read-only JSON, CC0, no personal data.

Activities are exactly what `public_dicts` makes of them, and their search is the program's own
(`ProgramSearch`, read from the same URL parameters as /program/), so the API can never show more, or
search differently, than the program does.
"""

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError
from ninja.renderers import JSONRenderer

from veckan.activities.models import (
    Activity,
)
from veckan.activities.public import public_dicts
from veckan.api import schemas
from veckan.api.organisation import router as organisation_router
from veckan.editions.models import Edition
from veckan.geography.models import County, Municipality
from veckan.geography.reference import REFERENCE_DATA_UPDATED
from veckan.lib.conditional import conditional as lib_conditional
from veckan.lib.conditional import etag_of
from veckan.lib.unavailable import DATABASE_ERRORS, database_unavailable
from veckan.organisations.models import ApiToken, Organisation
from veckan.program.feeds import conditional
from veckan.program.filters import ProgramSearch
from veckan.program.version import program_state
from veckan.solutions.catalogue import CatalogueSearch
from veckan.solutions.models import Solution
from veckan.solutions.open_data import for_open_data, public_dict

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
ALL = "alla"

DESCRIPTION = """\
Öppna data om Innovationsveckan: programmets aktiviteter, arrangörerna, utgåvorna och Sveriges län \
och kommuner. Allt här är **CC0** (https://creativecommons.org/publicdomain/zero/1.0/deed.sv): fritt \
att använda till vad som helst, utan villkor. Här finns inga personuppgifter, utom de kontaktpersoner \
som arrangören själv har valt att visa i programmet.

`/api/v1/activities` tar **samma filterparametrar som programmet på /program/** (`q`, `dag`, `tid`, \
`typ`, `form`, `lan`, `kommun`, `fokus`, `malgrupp`, `arrangor`, `sprak`, `tillganglighet`, \
`anmalan`, `samling`): en sökning i programmet ger samma träffar här. Upprepa en parameter för att välja flera \
värden (`typ=workshop&typ=seminarium`). Listor delas i sidor med `sida` (från 1) och `per_sida` \
(50 om inget anges, högst 500); `next` och `previous` är färdiga adresser. Hela programmet på en \
gång: `/api/v1/activities?per_sida=alla` ger alla träffar i ett svar (samma form, en sida), som \
strömmas medan det skrivs.

Open data about Innovationsveckan, the Swedish public sector's innovation week, under CC0. The \
activity list takes the same filter parameters as the program page /program/; `per_sida=alla` \
gives every match in one streamed answer.
"""


def _allow_any_origin(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _any_origin(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return _allow_any_origin(view(request, *args, **kwargs))

    return wrapper


class Utf8Renderer(JSONRenderer):
    # Å, ä and ö as themselves, not \u escapes: readable, and smaller.
    json_dumps_params = {"ensure_ascii": False}


class OpenDataAPI(NinjaAPI):
    """Every answer, errors included, may be read by a web page on any origin: it is open data and
    needs no cookies. (The OpenAPI schema gets the same header through `docs_decorator`.)"""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if isinstance(getattr(request, "auth", None), ApiToken):
            # An organisation's own data, behind its key: never kept by a cache on the way.
            response["Cache-Control"] = "no-store"
        elif response.status_code == 200:
            response = _conditional(request, response)
        return _allow_any_origin(response)


def _last_modified(endpoint: str) -> datetime | None:
    """When what an endpoint answers last changed: the published program for activities and
    organisations, the latest edited edition for editions, the reference data's date otherwise."""
    if endpoint.startswith(("activities", "organisations")):
        return program_state().last_modified
    if endpoint.startswith("editions"):
        return Edition.objects.aggregate(changed=Max("updated_at"))["changed"]
    if endpoint.startswith("solutions"):
        return Solution.objects.public().aggregate(changed=Max("updated_at"))["changed"]
    if endpoint.startswith(("municipalities", "counties")):
        return REFERENCE_DATA_UPDATED
    return None


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """ETag (a hash of the body) and Last-Modified; 304 when the client already has it."""
    return lib_conditional(
        request,
        etag=etag_of(response.content),
        build=lambda: response,
        last_modified=_last_modified(request.path.rstrip("/").split("/api/v1/")[-1]),
        max_age=300,
    )


api = OpenDataAPI(
    title="Innovationsveckan öppna data",
    version="1",
    description=DESCRIPTION,
    # Ninja's docs page loads Swagger UI from a CDN, which our CSP (and the rule of no external
    # resources) forbids; the schema itself is at openapi.json for any viewer to load.
    docs_url=None,
    docs_decorator=_any_origin,
    urls_namespace="api",
    renderer=Utf8Renderer(),
)

# Ninja's own answers to a body that is not JSON and to a missing or wrong key are in English;
# everything else the API says is Swedish.
UNREADABLE_BODY = "Cannot parse request body"


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 400 and message.startswith(UNREADABLE_BODY):
        message = "Innehållet går inte att läsa som JSON. Skicka ett JSON-objekt med Content-Type: application/json."
    elif isinstance(exc, AuthenticationError):
        message = (
            "Nyckeln saknas eller gäller inte. Skicka er API-nyckel som Authorization: Bearer vk_…"
        )
    return api.create_response(request, {"detail": message}, status=exc.status_code)


def _database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Ninja would answer a traceback with DEBUG on; the site's 503 in JSON in every mode.
    return database_unavailable(request)


for _error in DATABASE_ERRORS:
    api.add_exception_handler(_error, _database_unavailable)

PageNumber = Query[int, {"ge": 1, "description": "Sidans nummer, från 1."}]
PerPage = Query[
    int,
    {
        "ge": 1,
        "description": f"Antal per sida: {DEFAULT_PER_PAGE} om inget anges, högst {MAX_PER_PAGE} "
        f"(ett större tal ger {MAX_PER_PAGE}).",
    },
]
ActivitiesPerPage = Query[
    schemas.PerPageOrAll,
    {
        # The type is Annotated itself, which hides the parameter's default from Ninja: say it here.
        "default": DEFAULT_PER_PAGE,
        "description": f"Antal per sida: {DEFAULT_PER_PAGE} om inget anges, högst {MAX_PER_PAGE} "
        f"(ett större tal ger {MAX_PER_PAGE}). `{ALL}` ger alla träffar på en sida, i ett svar som "
        "strömmas (för att hämta hela programmet). Number per page, or `alla` for every match.",
    },
]
Year = Query[
    int | None,
    {"description": "Utgåvans år (se /editions); utan den: den aktuella utgåvan."},
]
# The catalogue's facets, as on /losningar/; repeat one to choose several values.
FocusAreaNames = Query[list[str] | None, {"description": "Fokusområdets namn."}]
OrganisationKinds = Query[list[str] | None, {"description": "Typ av organisation."}]
CountyCodes = Query[list[str] | None, {"description": "Länskod (SCB)."}]
Maturities = Query[list[str] | None, {"description": "idea, pilot, in_use eller spread."}]
NOT_FOUND = {404: schemas.Message}
INVALID = {422: schemas.InvalidParameters}


def _page_url(request: HttpRequest, number: int) -> str:
    """This request's URL on another page, with its parameters sorted and empty ones left out."""
    params = request.GET.copy()
    params["sida"] = str(number)
    kept = [(name, [v for v in values if v]) for name, values in sorted(params.lists())]
    query = urlencode([(name, values) for name, values in kept if values], doseq=True)
    return f"{settings.SITE_URL}{request.path}?{query}"


def _page(
    request: HttpRequest,
    queryset: QuerySet | Sequence,
    *,
    page: int,
    per_page: int,
    serialise: Callable[[QuerySet], list[dict]],
) -> dict:
    """One page of `queryset`, its rows made into dicts by `serialise`, a page at a time."""
    paginator = Paginator(queryset, min(per_page, MAX_PER_PAGE))
    try:
        current = paginator.page(page)
    except EmptyPage:
        raise HttpError(404, f"Sidan finns inte: det finns {paginator.num_pages}.") from None
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "next": _page_url(request, current.next_page_number()) if current.has_next() else None,
        "previous": (
            _page_url(request, current.previous_page_number()) if current.has_previous() else None
        ),
        "results": serialise(current.object_list),
    }


def _open_data(activities: QuerySet[Activity]) -> list[dict]:
    return [item for chunk in public_dicts(activities) for item in chunk]


@api.get(
    "/activities",
    response={200: schemas.ActivityPage, **NOT_FOUND, **INVALID},
    operation_id="listActivities",
    summary="Programmets aktiviteter",
    tags=["aktiviteter"],
)
def activities(
    request: HttpRequest,
    filters: Query[schemas.ProgramFilters],
    utgava: Year = None,
    sida: PageNumber = 1,
    per_sida: ActivitiesPerPage = DEFAULT_PER_PAGE,
):
    """The published activities of an edition, searched and filtered as on /program/, in time order.
    A cancelled activity stays in the program with the status `cancelled`. An edition whose program
    is not yet published has no activities here."""
    # `filters` has checked the parameters and describes them in the schema; ProgramSearch reads
    # them from the query string itself, exactly as the program page does.
    if utgava is None:
        edition = Edition.objects.current()
    else:
        edition = Edition.objects.filter(year=utgava).first()
    if edition is None:
        raise HttpError(404, "Det finns ingen sådan utgåva.")
    program = ProgramSearch(request.GET, edition=edition)
    if program.collection_slug and program.collection is None:
        raise HttpError(404, "Det finns ingen sådan samling i utgåvan.")
    if per_sida == ALL:
        if sida != 1:
            raise HttpError(404, "Sidan finns inte: det finns 1.")
        return _all_activities(request, edition, program)
    return _page(request, program.in_pages(), page=sida, per_page=per_sida, serialise=_open_data)


# --- the whole program in one answer ---------------------------------------------------------------
# Streamed, a chunk of activities at a time, as the feeds are.


def _json_stream(count: int, activities: QuerySet[Activity]) -> Iterator[bytes]:
    """The page envelope with every activity in it, written a chunk of activities at a time."""
    envelope = {"count": count, "page": 1, "pages": 1, "next": None, "previous": None}
    head = json.dumps(envelope, **Utf8Renderer.json_dumps_params)[:-1]
    yield f'{head}, "results": ['.encode()
    separator = ""
    for items in public_dicts(activities):
        if items:
            yield (separator + json.dumps(items, **Utf8Renderer.json_dumps_params)[1:-1]).encode()
            separator = ", "
    yield b"]}"


def _all_activities(request: HttpRequest, edition: Edition, program: ProgramSearch) -> HttpResponse:
    activities = program.results()
    # The ETag is the program's version (the search reads it anyway) rather than a hash of a body
    # that is not built yet, so a client with the current version gets a 304 without one.
    state = program.state

    def build() -> HttpResponse:
        return StreamingHttpResponse(
            _json_stream(state.count, activities), content_type="application/json; charset=utf-8"
        )

    key = ["api-activities-all", edition.year, settings.SITE_URL]
    return _allow_any_origin(
        conditional(request, state, build, key=key, shared=not program.is_filtered)
    )


@api.get(
    "/activities/{slug}",
    response={200: schemas.Activity, **NOT_FOUND},
    operation_id="getActivity",
    summary="En aktivitet",
    tags=["aktiviteter"],
)
def activity(request: HttpRequest, slug: str):
    """One published activity, from any edition, by the slug in its address."""
    found = _open_data(Activity.objects.published().filter(slug=slug)[:1])
    if not found:
        raise HttpError(404, "Det finns ingen publicerad aktivitet med den adressen.")
    return found[0]


def _organisation(organisation: Organisation) -> dict:
    municipality = organisation.home_municipality
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "municipality": {"code": municipality.code, "name": municipality.name},
        "county": {"code": municipality.county.code, "name": municipality.county.name},
        "activity_count": organisation.activity_count,
        "url": f"{settings.SITE_URL}/organisation/{organisation.slug}/",
    }


@api.get(
    "/organisations",
    response={200: schemas.OrganisationPage, **NOT_FOUND, **INVALID},
    operation_id="listOrganisations",
    summary="Arrangörerna",
    tags=["arrangörer"],
)
def organisations(
    request: HttpRequest,
    sida: PageNumber = 1,
    per_sida: PerPage = DEFAULT_PER_PAGE,
):
    """Organisations that arrange at least one published activity, by name. Organisation numbers
    are left out: nothing here needs them."""
    published = (
        Activity.objects.published()
        .filter(organisation=OuterRef("pk"))
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    organisations = (
        Organisation.objects.annotate(activity_count=Subquery(published))
        .filter(activity_count__gt=0)
        .select_related("home_municipality__county")
        .defer("description", "home_municipality__path", "home_municipality__county__path")
        .order_by("name", "pk")
    )
    return _page(
        request,
        organisations,
        page=sida,
        per_page=per_sida,
        serialise=lambda page: [_organisation(organisation) for organisation in page],
    )


@api.get(
    "/editions",
    response=list[schemas.Edition],
    operation_id="listEditions",
    summary="Utgåvorna",
    tags=["utgåvor"],
)
def editions(request: HttpRequest):
    """Every edition, newest first, also one whose program is not yet published (its dates and
    theme are public; its activities are not, until the publication date)."""
    now = timezone.now()
    return [
        {
            "year": edition.year,
            "name": edition.name,
            "theme": edition.theme,
            "starts_on": edition.starts_on,
            "ends_on": edition.ends_on,
            "program_published": edition.is_program_published(now),
            "is_current": edition.is_current,
            "focus_areas": [
                {"id": area.pk, "name": area.name} for area in edition.focus_areas.all()
            ],
            "public_party_kinds": edition.public_party_kinds,
        }
        for edition in Edition.objects.prefetch_related("focus_areas").order_by("-year")
    ]


@api.get(
    "/municipalities",
    response=list[schemas.Municipality],
    operation_id="listMunicipalities",
    summary="Sveriges kommuner",
    tags=["geografi"],
)
def municipalities(request: HttpRequest):
    """Sweden's 290 municipalities with their SCB codes, by code."""
    rows = Municipality.objects.order_by("code").values("code", "name", "county_id", "county__name")
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "county": {"code": row["county_id"], "name": row["county__name"]},
        }
        for row in rows
    ]


@api.get(
    "/counties",
    response=list[schemas.Place],
    operation_id="listCounties",
    summary="Sveriges län",
    tags=["geografi"],
)
def counties(request: HttpRequest):
    """Sweden's 21 counties with their SCB codes, by code."""
    return list(County.objects.order_by("code").values("code", "name"))


@api.get(
    "/solutions",
    response={200: schemas.SolutionPage, **NOT_FOUND, **INVALID},
    operation_id="listSolutions",
    summary="Lösningar att sprida",
    tags=["lösningar"],
)
def solutions(
    request: HttpRequest,
    q: str = "",
    fokus: FocusAreaNames = None,
    typ: OrganisationKinds = None,
    lan: CountyCodes = None,
    mognad: Maturities = None,
    sida: PageNumber = 1,
    per_sida: PerPage = DEFAULT_PER_PAGE,
):
    """The catalogue of solutions shown during the week, searched and filtered as on /losningar/
    (`q`, `fokus`, `typ`, `lan`, `mognad`), newest approved first. Not per edition: a solution
    outlives the week it was shown in."""
    results = for_open_data(CatalogueSearch(request.GET).results())
    return _page(
        request,
        results,
        page=sida,
        per_page=per_sida,
        serialise=lambda page: [public_dict(solution) for solution in page],
    )


@api.get(
    "/solutions/{slug}",
    response={200: schemas.Solution, **NOT_FOUND},
    operation_id="getSolution",
    summary="En lösning",
    tags=["lösningar"],
)
def solution(request: HttpRequest, slug: str):
    """One solution of the catalogue, by the slug in its address."""
    found = list(for_open_data(Solution.objects.public().filter(slug=slug)))
    if not found:
        raise HttpError(404, "Det finns ingen lösning med den adressen i katalogen.")
    return public_dict(found[0])


# The write API, with an organisation's key (veckan.api.organisation), in the same schema.
api.add_router("/organisation", organisation_router)
