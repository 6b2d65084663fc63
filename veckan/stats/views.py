from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from veckan.accounts.permissions import coordinator_required, reviewer_required
from veckan.activities.access import activity_for_editor
from veckan.activities.models import ActivityPageView
from veckan.collections.models import Collection
from veckan.editions.models import Edition
from veckan.lib import csvfile
from veckan.program.maps import county_counts, map_context
from veckan.signups.services import unreported_attendance
from veckan.stats import figures, tables
from veckan.stats.figures import published_editions
from veckan.stats.todos import coordinator_todos

TOP_PAGES = 50


def _published_edition(year: int) -> Edition:
    edition = published_editions().filter(year=year).first()
    if edition is None:
        raise Http404
    return edition


def latest(request: HttpRequest) -> HttpResponse:
    """The current edition's statistics once its program is out, else the latest published."""
    editions = published_editions()
    edition = editions.filter(is_current=True).first() or editions.first()
    if edition is None:
        raise Http404
    return redirect("stats:edition", edition.year)


def edition_stats(request: HttpRequest, year: int) -> HttpResponse:
    edition = _published_edition(year)
    counties = county_counts(figures.by_county(edition), lambda code: urlencode({"lan": code}))
    link_base = (
        reverse("program:list") if edition.is_current else reverse("program:archive", args=[year])
    )
    return render(
        request,
        "stats/edition.html",
        {
            "edition": edition,
            "week_state": edition.week_state(),
            "tables": tables.for_edition(edition),
            "editions": published_editions().values_list("year", flat=True),
            "link_base": link_base,
        }
        | map_context(counties),
    )


def _collection(year: int, slug: str) -> Collection:
    edition = _published_edition(year)
    collection = Collection.objects.filter(edition=edition, slug=slug).first()
    if collection is None:
        raise Http404
    collection.edition = edition
    return collection


def collection_stats(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    """The edition's figures for one collection's activities alone."""
    collection = _collection(year, slug)
    edition, activities = collection.edition, collection.activities()
    counties = county_counts(
        figures.by_county(edition, activities), lambda code: urlencode({"lan": code})
    )
    return render(
        request,
        "stats/edition.html",
        {
            "edition": edition,
            "collection": collection,
            "week_state": edition.week_state(),
            "tables": tables.for_collection(edition, activities),
            "link_base": collection.get_absolute_url(),
        }
        | map_context(counties),
    )


def collection_csv(request: HttpRequest, year: int, slug: str, table: str) -> HttpResponse:
    collection = _collection(year, slug)
    if table not in tables.COLLECTION_TABLES:
        raise Http404
    header, *rows = tables.TABLES[table](collection.edition, collection.activities()).as_rows()
    name = f"innovationsveckan-{year}-{collection.slug}-{table}.csv"
    return csvfile.response(name, header, rows)


def table_csv(request: HttpRequest, year: int, table: str) -> HttpResponse:
    """One table as CSV, for Swedish Excel (veckan.lib.csvfile)."""
    edition = _published_edition(year)
    build = tables.TABLES.get(table)
    if build is None:
        raise Http404
    header, *rows = build(edition).as_rows()
    return csvfile.response(f"innovationsveckan-{edition.year}-{table}.csv", header, rows)


@login_required
def activity_views(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_editor(request, pk)
    days = list(ActivityPageView.objects.filter(activity=activity).order_by("day"))
    return render(
        request,
        "stats/activity_views.html",
        {"activity": activity, "days": days, "total": sum(day.count for day in days)},
    )


@coordinator_required
def coordinator(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    pages = (
        ActivityPageView.objects.filter(activity__edition=edition)
        .values("activity__pk", "activity__title", "activity__slug")
        .annotate(total=Sum("count"))
        .order_by("-total", "activity__title")[:TOP_PAGES]
    )
    return render(
        request,
        "stats/coordinator.html",
        {
            "edition": edition,
            "pages": list(pages) if edition else [],
            "editions": published_editions().values_list("year", flat=True),
        },
    )


def _unreported() -> tuple[Edition | None, list]:
    edition = Edition.objects.current()
    return edition, list(unreported_attendance(edition)) if edition else []


@coordinator_required
def attendance_missing(request: HttpRequest) -> HttpResponse:
    """The ended activities of the current edition whose organisers have not reported attendance,
    with whom to ask."""
    edition, activities = _unreported()
    return render(
        request,
        "stats/attendance_missing.html",
        {
            "edition": edition,
            "activities": activities,
            "reminder_days": settings.ATTENDANCE_REMINDER_DAYS,
        },
    )


def _reminded_on(activity) -> str:
    reminder = getattr(activity, "attendance_reminder", None)
    return date_format(timezone.localtime(reminder.sent_at), "Y-m-d") if reminder else ""


@coordinator_required
def attendance_missing_csv(request: HttpRequest) -> HttpResponse:
    """The same list as CSV, one row per contact person, for a mail merge in Swedish Excel."""
    edition, activities = _unreported()
    header = [
        _("Aktivitet"),
        _("Slutade"),
        _("Organisation"),
        _("Kontaktperson"),
        _("E-post"),
        _("Telefon"),
        _("Länk"),
        _("Påminnelse skickad"),
    ]
    rows = [
        [
            activity.title,
            date_format(timezone.localtime(activity.ends_at), "Y-m-d H:i"),
            activity.organisation.name,
            contact.name if contact else "",
            contact.email if contact else "",
            contact.phone if contact else "",
            request.build_absolute_uri(activity.get_absolute_url()),
            _reminded_on(activity),
        ]
        for activity in activities
        for contact in activity.contacts.all() or [None]
    ]
    year = edition.year if edition else ""
    return csvfile.response(f"narvaro-saknas-{year}.csv", header, rows)


@reviewer_required
def coordinator_home(request: HttpRequest) -> HttpResponse:
    """Where coordinators land: what waits for them, counted, and every tool one click away. A
    regional coordinator lands on their areas and their two tools."""
    if not request.user.is_coordinator:
        scopes = request.user.regional_scopes.select_related("county", "collection__edition")
        return render(request, "coordination/regional_home.html", {"scopes": scopes})
    editions = Edition.objects.all()
    current = next((edition for edition in editions if edition.is_current), None)
    todos = coordinator_todos(current)
    context = {
        "editions": editions,
        "current": current,
        "todos": [todo for todo in todos if todo.count],
        "done": [todo for todo in todos if not todo.count],
    }
    return render(request, "editions/dashboard.html", context)
