"""The program on a map of Sweden: each county coloured by how many activities the search finds there.

The map is inline SVG drawn from the shipped county shapes (no tiles, no script); each county is a
link to the list filtered to it. A table beside it gives the same numbers to anyone the map fails.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from veckan.editions.models import Edition
from veckan.geography.models import County
from veckan.geography.reference import map_viewbox
from veckan.lib.text import swedish_sort_key
from veckan.program.days import active_filters
from veckan.program.filters import FACET, ProgramSearch

# (the smallest count in the bucket, its label); a county's colour is class map--b<index>.
BUCKETS = [(0, "0"), (1, "1–4"), (5, "5–14"), (15, "15–49"), (50, _("50 eller fler"))]


def bucket(count: int) -> int:
    return max(index for index, (least, _label) in enumerate(BUCKETS) if count >= least)


@dataclass
class CountyCount:
    code: str
    name: str
    path: str
    count: int
    query: str

    @property
    def bucket(self) -> int:
        return bucket(self.count)

    @property
    def label(self) -> str:
        return ngettext(
            "%(county)s: %(count)d aktivitet", "%(county)s: %(count)d aktiviteter", self.count
        ) % {"county": self.name, "count": self.count}


def county_counts(counts: dict[str, int], query: Callable[[str], str]) -> list[CountyCount]:
    """Every county with its count and the query string its link carries, in Swedish order."""
    return sorted(
        (
            CountyCount(
                county.code,
                county.name,
                county.path,
                counts.get(county.code, 0),
                query(county.code),
            )
            for county in County.objects.all()
        ),
        key=lambda county: swedish_sort_key(county.name),
    )


def map_context(counties: list[CountyCount]) -> dict:
    return {
        "counties": counties,
        "buckets": [(index, label) for index, (_least, label) in enumerate(BUCKETS)],
        "viewbox": map_viewbox(),
    }


def program_map(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    if edition is None or not edition.is_program_published():
        return render(request, "program/not_published.html", {"edition": edition})
    program = ProgramSearch(request.GET, edition=edition)
    counts = program.counts(FACET["lan"])
    # Digital activities have no municipality, so no county: they are told apart under the map.
    digital = program.count - sum(counts.values())
    counties = county_counts(counts, lambda code: program.query_string(lan=code))
    return render(
        request,
        "program/map.html",
        {
            "edition": edition,
            "program": program,
            "digital": digital,
            "total": digital + sum(county.count for county in counties),
            "filters": active_filters(program),
        }
        | map_context(counties),
    )
