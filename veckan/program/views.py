from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from veckan.activities.models import Activity, CoOrganiser, Occasion, Status
from veckan.activities.page_views import count_view
from veckan.awards.services import winner
from veckan.collections.models import Collection
from veckan.editions.models import Edition
from veckan.lib.htmx import varies_by_htmx, wants_fragment
from veckan.lib.qr import qr_svg_file
from veckan.program import kept_pages
from veckan.program.filters import PAGE_SIZE, ProgramSearch
from veckan.program.jsonld import absolute_url
from veckan.revisions import services as revisions

# Columns the public page never shows, each kilobytes to send and parse on every view: the search
# index, the reviewers' snapshot and pending changes, and the map outlines of municipality and county.
NOT_ON_THE_PAGE = (
    "search_document",
    "approved_snapshot",
    "changes_requested_snapshot",
    "pending_changes",
    "municipality__path",
    "municipality__county__path",
)
# "Pågår nu" lists this many, soonest to end first.
ON_NOW_AT_MOST = 10
# The list shows titles and summaries only.
NOT_IN_THE_LIST = (*NOT_ON_THE_PAGE, "description", "description_en")


def _program(
    request: HttpRequest, edition: Edition, *, archive: bool, collection: Collection | None = None
) -> tuple[HttpResponse, ProgramSearch]:
    program = ProgramSearch(request.GET, edition=edition, collection=collection)
    facets = program.facets()
    hits = program.hit_list("organisation", "municipality__county").defer(*NOT_IN_THE_LIST)
    page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = {
        "edition": edition,
        "archive": archive,
        "program": program,
        "facets": facets,
        "page": page,
        "removals": program.removals(facets),
        "suggestion_query": program.query_string(q=program.suggestion)
        if program.suggestion
        else "",
        "award_winner": winner(edition) if archive and not collection else None,
        "collection": collection,
    }
    if not archive and edition.week_state() == "during":
        context |= _during_the_week(program)
    if wants_fragment(request):
        # htmx asks for the results only; the facet counts come along as out-of-band swaps.
        response = render(request, "program/list.html#results", context | {"swap_counts": True})
        # The address to push: this search's own, without the empty fields a form sends (?q=&…).
        query = program.query_string()
        if page.number > 1:
            query = f"{query}&sida={page.number}" if query else f"sida={page.number}"
        response["HX-Push-Url"] = f"{request.path}?{query}" if query else request.path
    else:
        response = render(request, "program/list.html", context)
    return varies_by_htmx(response), program


def _during_the_week(program: ProgramSearch) -> dict:
    """ "Idag" and "Pågår nu": today's program a click away, and what is on right now, with the
    link to join for digital activities open to all."""
    now = timezone.now()
    on_now = (
        program.within()
        .filter(starts_at__lte=now, ends_at__gt=now)
        .exclude(status=Status.CANCELLED)
        .select_related("municipality")
        .defer(*NOT_IN_THE_LIST, "municipality__county__path")
        .order_by("ends_at", "title")
    )
    today = timezone.localdate(now).isoformat()
    return {
        "on_now": list(on_now[:ON_NOW_AT_MOST]),
        "today_query": program.query_string(dag=today),
        "is_today": program.selected["dag"] == [today],
    }


def program_list(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    if edition is None or not edition.is_program_published():
        return render(request, "program/not_published.html", {"edition": edition})
    # Not for a collection's program: collections change without moving the revision.
    keeps = "samling" not in request.GET
    if keeps and (kept := kept_pages.kept_program_page(request)):
        return kept
    response, program = _program(request, edition, archive=False)
    if keeps:
        during = edition.week_state() == "during"
        kept_pages.keep_program_page(request, response, program, during_the_week=during)
    return response


def _not_yet_published(request: HttpRequest, slug: str) -> HttpResponse:
    """A link to an approved activity whose program is not out (yet, or again, after the
    publication date was moved later) says when the program comes, rather than answer 404:
    a shared link keeps working. Nothing about the activity shows before then."""
    waiting = Activity.objects.awaiting_publication().select_related("edition").filter(slug=slug)
    activity = waiting.first()
    if activity is None:
        raise Http404
    return render(
        request,
        "program/not_published.html",
        {"edition": activity.edition, "activity_link": True},
    )


def activity(request: HttpRequest, slug: str) -> HttpResponse:
    if kept := kept_pages.kept_activity_page(request):
        response, pk = kept
        count_view(request, pk)
        return response
    # Read before the activity: the page is at least as new as this revision.
    revision = revisions.current().number
    activity = (
        Activity.objects.published()
        .with_seat_counts()
        .select_related("edition", "organisation", "municipality__county")
        .prefetch_related(
            "tags",
            "focus_areas",
            # With their organisations in the same query, not one more.
            Prefetch("co_organisers", CoOrganiser.objects.select_related("organisation")),
            "contacts",
            Prefetch(
                "occasions",
                Occasion.objects.with_seat_counts().select_related("municipality__county"),
            ),
        )
        .defer(*NOT_ON_THE_PAGE)
        .filter(slug=slug)
        .first()
    )
    if activity is None:
        return _not_yet_published(request, slug)
    count_view(request, activity.pk)
    context = {"activity": activity}
    if activity.edition.is_current:
        # The layout's current edition is at hand: one query fewer (see pages.context_processors).
        context["current_edition"] = activity.edition
    response = render(request, "program/activity.html", context)
    kept_pages.keep_activity_page(request, response, activity, revision)
    return response


@require_safe
def activity_qr(request: HttpRequest, slug: str) -> HttpResponse:
    """The activity's address as a QR code, for its page's share section: an image of its own,
    so the page does not draw it on every view. The same for as long as the address is."""
    if not Activity.objects.published().filter(slug=slug).exists():
        raise Http404
    url = absolute_url(reverse("program:activity", args=[slug]))
    response = HttpResponse(qr_svg_file(url), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def archive(request: HttpRequest, year: int) -> HttpResponse:
    edition = Edition.objects.archived().filter(year=year).first()
    if edition is None:
        raise Http404
    return _program(request, edition, archive=True)[0]


def archive_index(request: HttpRequest) -> HttpResponse:
    return render(request, "program/archive_index.html", {"editions": Edition.objects.archived()})


def collection(request: HttpRequest, slug: str, year: int | None = None) -> HttpResponse:
    """A collection's own page: the program narrowed to it, with every filter of the program."""
    if year is None:
        edition = Edition.objects.current()
        if edition is None or not edition.is_program_published():
            return render(request, "program/not_published.html", {"edition": edition})
    else:
        edition = Edition.objects.archived().filter(year=year).first()
        if edition is None:
            raise Http404
    collection = get_object_or_404(Collection.objects.filter(edition=edition), slug=slug)
    return _program(request, edition, archive=year is not None, collection=collection)[0]
