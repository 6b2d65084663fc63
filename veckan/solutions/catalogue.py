"""The public catalogue's search: words (search.py) and four facets with counts, read from the URL
so a search can be shared. Within a facet the values are alternatives (OR), between facets all must
hold (AND); each facet counts what the other facets and the words leave, as the program's do."""

from dataclasses import dataclass

from django.db.models import Count
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from veckan.geography.models import County
from veckan.organisations.models import Kind
from veckan.solutions import search
from veckan.solutions.models import Maturity, Solution, SolutionQuerySet

# URL parameter → the field it filters on.
FACETS = {
    "fokus": "focus_areas__name",
    "typ": "organisation__kind",
    "lan": "organisation__home_municipality__county",
    "mognad": "maturity",
}
LEGENDS = {
    "fokus": _("Fokusområde"),
    "typ": _("Typ av organisation"),
    "lan": _("Län"),
    "mognad": _("Mognad"),
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    legend: str
    options: list[Option]


class CatalogueSearch:
    def __init__(self, params: QueryDict):
        # No stored text holds a NUL, and PostgreSQL refuses one in a query: it is taken out of the
        # words, and a facet value with one (which can match nothing) is left out.
        self.q = params.get("q", "").replace("\x00", "").strip()[:200]
        self.selected = {
            name: [value for value in params.getlist(name) if value and "\x00" not in value][:20]
            for name in FACETS
        }

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or any(self.selected.values()))

    def _filtered(self, *, leave_out: str = "") -> SolutionQuerySet:
        solutions = search.search(Solution.objects.public(), self.q)
        for name, field in FACETS.items():
            if name != leave_out and self.selected[name]:
                solutions = solutions.filter(**{f"{field}__in": self.selected[name]})
        return solutions

    def results(self) -> SolutionQuerySet:
        """The matching solutions, newest approved first, ready for cards."""
        ids = self._filtered().values("pk")
        return Solution.objects.filter(pk__in=ids).for_cards().order_by("-approved_at", "-pk")

    def facets(self) -> list[Facet]:
        """One query per facet: the counts under every other facet and the words."""
        labels = {
            "typ": dict(Kind.choices),
            "mognad": dict(Maturity.choices),
            "lan": dict(County.objects.values_list("code", "name")),
        }
        facets = []
        for name, field in FACETS.items():
            counts = dict(
                self._filtered(leave_out=name)
                .exclude(**{f"{field}__isnull": True})
                .values_list(field)
                .annotate(n=Count("pk", distinct=True))
                .order_by()
                .values_list(field, "n")
            )
            if name in ("typ", "mognad"):
                order = [value for value in labels[name] if value in counts]
            else:
                order = sorted(counts, key=lambda v: str(labels.get(name, {}).get(v, v)))
            options = [
                Option(
                    value,
                    str(labels.get(name, {}).get(value, value)),
                    counts[value],
                    value in self.selected[name],
                )
                for value in order
            ]
            facets.append(Facet(name, str(LEGENDS[name]), options))
        return facets
