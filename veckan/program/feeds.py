"""The program as open data (CC0): iCalendar, CSV and Atom, and a DCAT-AP-SE description of them.

Every feed shows published activities only, of the current edition unless `?utgava=<year>` names an
earlier one, and takes the same filter parameters as /program/ (ProgramSearch reads both). Each
answers with an ETag and Last-Modified from the program's revision (program.version), so a client
that already has the current version gets a 304 without a body being built.

The feeds are Swedish data, whatever language the visitor's browser asks for: the same URL always
gives the same bytes for the same version, which is what lets the ETag stand for the body.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from html import escape

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, Max, Min, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from veckan.activities import calendar
from veckan.activities.calendar import ICS_FIELDS, UID_DOMAIN  # noqa: F401 (favourites)
from veckan.activities.models import (
    Activity,
)
from veckan.activities.public import activity_urls, in_chunks, public_dicts
from veckan.editions.models import Edition
from veckan.lib import csvfile, ical, streams
from veckan.lib.conditional import conditional as lib_conditional
from veckan.lib.conditional import etag_of
from veckan.program.filters import ProgramSearch
from veckan.program.version import ProgramState, program_state

CACHE_SECONDS = 300
ATOM_ENTRIES = 50
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
# Part of every ETag: raise it when a feed's bytes change for the same data (a new column, say),
# so caches holding the old bytes fetch them again.
FORMAT_REVISION = "2"


# --- shared ----------------------------------------------------------------------------------------


def _edition(request: HttpRequest) -> Edition:
    """The current edition, or the earlier one `?utgava=<year>` names; 404 for anything else."""
    current = Edition.objects.current()
    year = request.GET.get("utgava")
    if year is None or (current and year == str(current.year)):
        edition = current
    else:
        wellformed = year.isascii() and year.isdigit() and len(year) == 4
        edition = Edition.objects.archived().filter(year=year).first() if wellformed else None
    if edition is None:
        raise Http404
    return edition


def conditional(
    request: HttpRequest,
    state: ProgramState,
    build: Callable[[], HttpResponse],
    *,
    key: Iterable[object],
    shared: bool = False,
) -> HttpResponse:
    """304 when the client's copy is current, else build(); either way with the validators and
    public caching. `key` is what else the body depends on (feed, edition), hashed into the ETag.
    A `shared` streamed body, the same for everyone (the whole program), is made once per version
    and then served from the cache."""
    # The language is part of every key: under /en/ the same data reads in English.
    name = "|".join([FORMAT_REVISION, get_language(), *map(str, key)])
    etag = etag_of(f"{name}|{state.version}")

    def built() -> HttpResponse:
        response = build()
        if shared and response.streaming:
            body = "body:" + hashlib.sha256(name.encode()).hexdigest()[:32]
            response.streaming_content = streams.kept(body, etag, response.streaming_content)
        return response

    return lib_conditional(
        request, etag=etag, build=built, last_modified=state.last_modified, max_age=CACHE_SECONDS
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _program_page(edition: Edition) -> str:
    if edition.is_current:
        return reverse("program:list")
    return reverse("program:archive", args=[edition.year])


def _collection_key(program: ProgramSearch) -> list[object]:
    """What of the search's collection a feed shows beyond its activities: its name."""
    collection = program.collection
    return [collection.slug, collection.name] if collection else []


# --- iCalendar -------------------------------------------------------------------------------------


def _events(activities: QuerySet[Activity]) -> Iterator[ical.Event]:
    url = activity_urls()
    # A streamed body is written after the view has returned: keep the request's language for it.
    with override(get_language()):
        for chunk in in_chunks(activities.values(*ICS_FIELDS)):
            # A series is one event per occasion: its occasions read once per chunk.
            occasions = calendar.occasions_of([row["pk"] for row in chunk])
            for row in chunk:
                yield from calendar.events(row, url(row["slug"]), occasions.get(row["pk"], []))


@require_safe
def program_ics(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    program = ProgramSearch(request.GET, edition=edition)
    activities = program.results()

    def build() -> HttpResponse:
        name = f"{edition.name} (urval)" if program.is_filtered else edition.name
        if program.collection and program.is_filtered:
            # A collection's calendar is named after it (and its filters, if any, as "urval").
            narrowed = program.text or any(program.selected.values())
            name = f"{program.collection.name} (urval)" if narrowed else program.collection.name
        response = StreamingHttpResponse(
            ical.stream_calendar(
                name,
                _events(activities),
                first_year=edition.year,
                last_year=edition.year,
                refresh_interval=timedelta(hours=1),
            ),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'inline; filename="innovationsveckan-{edition.year}.ics"'
        return response

    return conditional(
        request,
        program.state,
        build,
        key=["ics", edition.year, edition.name, *_collection_key(program)],
        shared=not program.is_filtered,
    )


@require_safe
def activity_ics(request: HttpRequest, slug: str) -> HttpResponse:
    activities = Activity.objects.published().filter(slug=slug)
    state = program_state()
    if not activities.exists():
        raise Http404

    def build() -> HttpResponse:
        row = activities.values(*ICS_FIELDS, "edition__name").get()
        occasions = calendar.occasions_of([row["pk"]]).get(row["pk"], [])
        body = ical.calendar(
            row["edition__name"], calendar.events(row, activity_urls()(slug), occasions)
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{slug}.ics"'
        return response

    return conditional(request, state, build, key=["activity-ics", slug])


# --- CSV -------------------------------------------------------------------------------------------

# Several values in one cell (co-organisers, languages …) are joined with this: it does not occur in
# names or codes, so splitting on it is safe.
MULTI = "|"


def _place(kind: str, part: str) -> Callable[[dict], object]:
    return lambda item: item[kind][part] if item[kind] else None


# The columns: stable names in English snake_case (the API's vocabulary), each read from
# public_dicts(), the one definition of an activity as open data.
CSV_COLUMNS: list[tuple[str, Callable[[dict], object]]] = [
    ("id", lambda item: item["id"]),
    ("slug", lambda item: item["slug"]),
    ("url", lambda item: item["url"]),
    ("edition", lambda item: item["edition"]),
    ("status", lambda item: item["status"]),
    ("title", lambda item: item["title"]),
    ("summary", lambda item: item["summary"]),
    ("type", lambda item: item["type"]),
    ("format", lambda item: item["format"]),
    ("starts_at", lambda item: item["starts_at"]),
    ("ends_at", lambda item: item["ends_at"]),
    ("municipality_code", _place("municipality", "code")),
    ("municipality", _place("municipality", "name")),
    ("county_code", _place("county", "code")),
    ("county", _place("county", "name")),
    ("venue", lambda item: item["venue"]),
    ("address", lambda item: item["address"]),
    ("organiser", lambda item: item["organiser"]["name"]),
    ("organiser_kind", lambda item: item["organiser"]["kind"]),
    ("co_organisers", lambda item: MULTI.join(co["name"] for co in item["co_organisers"])),
    ("languages", lambda item: MULTI.join(item["languages"])),
    ("target_groups", lambda item: MULTI.join(item["target_groups"])),
    ("accessibility", lambda item: MULTI.join(item["accessibility"])),
    ("focus_areas", lambda item: MULTI.join(item["focus_areas"])),
    ("signup_mode", lambda item: item["signup"]["mode"]),
    ("signup_url", lambda item: item["signup"]["url"]),
    ("recording_url", lambda item: item["recording_url"]),
    # Added after the first release: at the end, so readers that go by position keep working.
    ("event_status", lambda item: item["event_status"]),
]


def _csv_lines(activities: QuerySet[Activity]) -> Iterator[str]:
    """The file in pieces: the header, then one piece per chunk of rows (see veckan.lib.csvfile:
    semicolons for Swedish Excel, a BOM, formulas made harmless)."""
    return csvfile.lines(
        [name for name, _read in CSV_COLUMNS],
        (
            [[read(item) for _name, read in CSV_COLUMNS] for item in items]
            for items in public_dicts(activities)
        ),
    )


@require_safe
def program_csv(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    program = ProgramSearch(request.GET, edition=edition)
    activities = program.results()

    def build() -> HttpResponse:
        response = StreamingHttpResponse(
            (line.encode() for line in _csv_lines(activities)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'inline; filename="innovationsveckan-{edition.year}.csv"'
        return response

    return conditional(
        request,
        program.state,
        build,
        key=["csv", edition.year],
        shared=not program.is_filtered,
    )


# --- Atom ------------------------------------------------------------------------------------------


class NewActivitiesFeed(Feed):
    """The latest published activities, newest first: what a feed reader should announce."""

    feed_type = Atom1Feed

    def __init__(self, *, request: HttpRequest, edition: Edition, program: ProgramSearch):
        super().__init__()
        self.request, self.edition, self.program = request, edition, program

    def title(self) -> str:
        return _("Nya aktiviteter – %(edition)s") % {"edition": self.edition.name}

    def subtitle(self) -> str:
        return _("Aktiviteter som just har publicerats i programmet för %(edition)s.") % {
            "edition": self.edition.name
        }

    def link(self) -> str:
        query = self.program.query_string()
        return _absolute(_program_page(self.edition)) + (f"?{query}" if query else "")

    def feed_url(self) -> str:
        return _absolute(self.request.get_full_path())

    def feed_guid(self) -> str:
        return self.feed_url()

    def author_name(self) -> str:
        return settings.DATA_CONTROLLER

    def feed_copyright(self) -> str:
        return f"CC0 1.0 Universal: {CC0}"

    def items(self) -> QuerySet[Activity]:
        # An activity approved before the program came out was published at the publication date.
        published = Greatest(
            Coalesce("approved_at", "updated_at"), F("edition__program_published_at")
        )
        return (
            self.program.results()
            .select_related("organisation", "edition")
            .annotate(published=published)
            .order_by("-published", "-pk")[:ATOM_ENTRIES]
        )

    def item_title(self, item: Activity) -> str:
        # Atom titles are text, escaped by the XML writer; Django's default escapes once more.
        title = item.display_title
        return _("Inställd: %(title)s") % {"title": title} if item.is_cancelled else title

    def item_description(self, item: Activity) -> str:
        return escape(item.display_summary)  # the summary element is type="html"

    def item_link(self, item: Activity) -> str:
        return _absolute(item.get_absolute_url())

    def item_pubdate(self, item: Activity) -> datetime:
        return item.published

    def item_updateddate(self, item: Activity) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Activity) -> str:
        return item.organisation.name

    def item_categories(self, item: Activity) -> list[str]:
        return [item.get_type_display()]


@require_safe
def program_atom(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    program = ProgramSearch(request.GET, edition=edition)
    return conditional(
        request,
        program.state,
        lambda: NewActivitiesFeed(request=request, edition=edition, program=program)(request),
        key=["atom", edition.year, edition.name, *_collection_key(program)],
    )


# --- DCAT-AP-SE ------------------------------------------------------------------------------------


def _distributions(site: str) -> list[dict]:
    example = "?utgava=2025&typ=workshop"
    filters_sv = (
        f"Tar samma filter som programmet på webbplatsen (till exempel {example}); "
        "utan utgava gäller årets program."
    )
    filters_en = (
        f"Takes the same filters as the program on the website (for example {example}); "
        "without utgava, this year's program."
    )
    return [
        {
            "id": "ical",
            "url": site + reverse("data:program_ics"),
            "media_type": "text/calendar",
            "title_sv": "Programmet som kalender (iCalendar)",
            "title_en": "The program as a calendar (iCalendar)",
            "description_sv": f"En händelse per aktivitet, att prenumerera på. {filters_sv}",
            "description_en": f"One event per activity, to subscribe to. {filters_en}",
        },
        {
            "id": "csv",
            "url": site + reverse("data:program_csv"),
            "media_type": "text/csv",
            "title_sv": "Programmet som tabell (CSV)",
            "title_en": "The program as a table (CSV)",
            "description_sv": (
                "En rad per aktivitet, UTF-8 med byte order mark, kommaseparerad enligt RFC 4180. "
                f"Flera värden i en cell skiljs med {MULTI}. {filters_sv}"
            ),
            "description_en": (
                "One row per activity, UTF-8 with a byte order mark, comma-separated as in "
                f"RFC 4180. Several values in a cell are separated by {MULTI}. {filters_en}"
            ),
        },
        {
            "id": "atom",
            "url": site + reverse("data:program_atom"),
            "media_type": "application/atom+xml",
            "title_sv": "Nya aktiviteter (Atom)",
            "title_en": "New activities (Atom)",
            "description_sv": f"De 50 senast publicerade aktiviteterna. {filters_sv}",
            "description_en": f"The 50 most recently published activities. {filters_en}",
        },
        {
            "id": "api",
            "url": site + "/api/v1/activities",
            "media_type": "application/json",
            "title_sv": "Programmet via API (JSON)",
            "title_en": "The program through an API (JSON)",
            "description_sv": "Versionerat JSON-API med sökning, filter och sidindelning.",
            "description_en": "Versioned JSON API with search, filters and paging.",
        },
    ]


@require_safe
def dcat(request: HttpRequest) -> HttpResponse:
    activities = Activity.objects.published()
    state = program_state()
    # The dataset's time span: from the first to the last week with a published program.
    span = Edition.objects.filter(activities__in=activities).aggregate(
        starts_on=Min("starts_on"), ends_on=Max("ends_on")
    )

    def build() -> HttpResponse:
        site = settings.SITE_URL
        context = {
            "site": site,
            "catalog_uri": site + reverse("data:dcat"),
            "publisher": settings.DATA_CONTROLLER,
            "landing_page": site + reverse("program:list"),
            "contact_page": site + reverse("pages:om"),
            "license": CC0,
            "modified": state.last_modified,
            "starts_on": span["starts_on"],
            "ends_on": span["ends_on"],
            "distributions": _distributions(site),
        }
        return HttpResponse(
            render_to_string("program/dcat.rdf", context),
            content_type="application/rdf+xml; charset=utf-8",
        )

    key = ["dcat", span["starts_on"], span["ends_on"], settings.DATA_CONTROLLER, settings.SITE_URL]
    return conditional(request, state, build, key=key)
