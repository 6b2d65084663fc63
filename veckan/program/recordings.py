"""An edition's recordings library: every published activity with a recording, searchable by word
(the program's Swedish-stemmed index), with the "textad" facet (captions that meet the rule), and
the captions served from our own storage as text/vtt."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.http import urlencode

from veckan.activities.models import CAPTIONS_MEET_THE_RULE, Activity
from veckan.editions.models import Edition
from veckan.program.filters import ProgramSearch
from veckan.program.index import pks_param
from veckan.program.views import NOT_IN_THE_LIST

PAGE_SIZE = 20
CAPTIONED = "textad"
YES = "ja"


def _library(request: HttpRequest, edition: Edition, *, archive: bool) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:200]
    captioned_only = request.GET.get(CAPTIONED) == YES
    recordings = (
        Activity.objects.published()
        .in_edition(edition)
        .with_recording()
        .order_by("starts_at", "title", "pk")
    )
    if text:
        search = ProgramSearch(QueryDict(urlencode({"q": text})), edition=edition)
        recordings = recordings.filter(pk__in=pks_param(search.index.pks_at(search.text_hits)))
    counts = recordings.aggregate(
        all=Count("pk"), captioned=Count("pk", filter=Q(caption_status__in=CAPTIONS_MEET_THE_RULE))
    )
    if captioned_only:
        recordings = recordings.captioned()
    recordings = recordings.select_related("organisation").defer(*NOT_IN_THE_LIST)
    page = Paginator(recordings, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = urlencode(
        [(k, v) for k, v in (("q", text), (CAPTIONED, YES if captioned_only else "")) if v]
    )
    context = {
        "edition": edition,
        "archive": archive,
        "text": text,
        "captioned_only": captioned_only,
        "counts": counts,
        "page": page,
        "query": query,
    }
    return render(request, "program/recordings.html", context)


def recordings(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    if edition is None or not edition.is_program_published():
        return render(request, "program/not_published.html", {"edition": edition})
    return _library(request, edition, archive=False)


def archive_recordings(request: HttpRequest, year: int) -> HttpResponse:
    edition = Edition.objects.archived().filter(year=year).first()
    if edition is None:
        raise Http404
    return _library(request, edition, archive=True)


def captions(request: HttpRequest, slug: str) -> HttpResponse:
    """The recording's WebVTT file, from whichever storage holds media, as text/vtt: checked to be
    WebVTT when uploaded (activities.captions), never sniffed as anything else, and usable as a
    <track> on this origin."""
    activity = (
        Activity.objects.published()
        .with_recording()
        .exclude(captions_file="")
        .only("slug", "captions_file")
        .filter(slug=slug)
        .first()
    )
    if activity is None:
        raise Http404
    with activity.captions_file.open("rb") as stored:
        content = stored.read()
    response = HttpResponse(content, content_type="text/vtt; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{activity.slug}.vtt"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
