"""The program day by day: every day of the week, the activities of the current search under it."""

from dataclasses import dataclass, field
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from veckan.activities.models import Activity
from veckan.editions.models import Edition
from veckan.program.filters import FACETS, Facet, Option, ProgramSearch

SHOWN_FIELDS = [
    "slug",
    "title",
    "title_en",
    "event_status",
    "status",
    "type",
    "format",
    "starts_at",
    "ends_at",
    "venue",
    "organisation__name",
    "municipality__name",
]


@dataclass
class Day:
    date: date
    activities: list[Activity] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"dag-{self.date.isoformat()}"


def active_filters(program: ProgramSearch) -> list[tuple[str, str]]:
    """Each filter in use as (what it is, the URL parameters without it), for removable chips.

    Only the chosen facets are labelled, and none is counted: a page that just shows the filters
    should not pay for the list view's facet counts.
    """
    facets = []
    for spec in FACETS:
        if chosen := program.selected[spec.name]:
            labels = program.labels(spec)
            options = [Option(value, labels.get(value, value), 0, True) for value in chosen]
            facets.append(Facet(spec.name, str(spec.label), options))
    return program.removals(facets)


def _days(edition: Edition, activities) -> list[Day]:
    days = {day: Day(day) for day in edition.days}
    for activity in activities:
        # Swedish days: an activity at 00:30 belongs to the day it is in Sweden, not in UTC.
        day = timezone.localtime(activity.starts_at).date()
        days.setdefault(day, Day(day)).activities.append(activity)
    return sorted(days.values(), key=lambda day: day.date)


def program_days(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    if edition is None or not edition.is_program_published():
        return render(request, "program/not_published.html", {"edition": edition})
    program = ProgramSearch(request.GET, edition=edition)
    # No paging here, so a week of thousands of activities loads only what the page shows.
    activities = list(
        program.results().select_related("organisation", "municipality").only(*SHOWN_FIELDS)
    )
    return render(
        request,
        "program/days.html",
        {
            "edition": edition,
            "program": program,
            "days": _days(edition, activities),
            "total": len(activities),
            "filters": active_filters(program),
        },
    )
