"""The program's search: free text, facets with live counts, sorting and paging, all read from the URL.

Every facet is an OR within itself and an AND with the others. The counts are over the current
result, so for a facet where each activity has one value (day, type, county …) they add up to the
number of hits. Parameter names are Swedish, as the URLs people share.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, When
from django.db.models.functions import TruncDate
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from veckan.activities import search
from veckan.activities.models import (
    AccessibilityFeature,
    Activity,
    ActivityTag,
    ActivityType,
    Format,
    Language,
    SignupMode,
    TargetGroup,
)
from veckan.editions.models import Edition, FocusArea
from veckan.geography.models import County, Municipality
from veckan.organisations.models import Kind

PAGE_SIZE = 25

# By the hour the activity starts, in Swedish time (Django converts before it extracts the hour).
TIME_SLOTS = {
    "morgon": (_("Förmiddag (före 12)"), Q(starts_at__hour__lt=12)),
    "eftermiddag": (_("Eftermiddag (12–17)"), Q(starts_at__hour__gte=12, starts_at__hour__lt=17)),
    "kvall": (_("Kväll (från 17)"), Q(starts_at__hour__gte=17)),
}
SIGNUP_OPEN = "oppen"
YES = "ja"


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)

    @property
    def has_selection(self) -> bool:
        return any(option.selected for option in self.options)


def _signup_open(now: datetime) -> Q:
    platform = Q(signup_mode=SignupMode.PLATFORM, starts_at__gt=now) & (
        Q(signup_deadline__isnull=True) | Q(signup_deadline__gt=now)
    )
    return platform | Q(signup_mode=SignupMode.EXTERNAL, starts_at__gt=now)


def _has_tag(kind: str, values: list[str]) -> Exists:
    return Exists(ActivityTag.objects.filter(activity=OuterRef("pk"), kind=kind, value__in=values))


def _counted(rows, key: str) -> dict[str, int]:
    return {str(row[key]): row["n"] for row in rows}


@dataclass
class FacetSpec:
    """How one facet filters and counts. `labels` gives (value, label) in display order."""

    name: str
    label: str
    filter: Callable[[list[str], datetime], Q | Exists]
    count: Callable[[QuerySet, datetime], dict[str, int]]
    labels: Callable[[Edition], list[tuple[str, str]]]


def _choices(choices) -> Callable[[Edition], list[tuple[str, str]]]:
    return lambda edition: [(value, str(label)) for value, label in choices.choices]


def _field_counts(field_name: str) -> Callable[[QuerySet, datetime], dict[str, int]]:
    return lambda results, now: _counted(
        results.order_by().values(field_name).annotate(n=Count("pk")), field_name
    )


def _tag_spec(name: str, label, kind: str, choices) -> FacetSpec:
    return FacetSpec(
        name,
        label,
        filter=lambda values, now: _has_tag(kind, values),
        count=lambda results, now: _counted(
            ActivityTag.objects.filter(kind=kind, activity__in=results.order_by().values("pk"))
            .values("value")
            .annotate(n=Count("activity", distinct=True)),
            "value",
        ),
        labels=_choices(choices),
    )


def _flag_spec(name: str, label, field_name: str, option_label) -> FacetSpec:
    """A facet with one option, "ja": only the activities with the flag set."""
    return FacetSpec(
        name,
        label,
        filter=lambda values, now: Q(**{field_name: True}) if YES in values else Q(),
        count=lambda results, now: {
            YES: results.order_by().aggregate(n=Count("pk", filter=Q(**{field_name: True})))["n"]
        },
        labels=lambda edition: [(YES, str(option_label))],
    )


def _day_labels(edition: Edition) -> list[tuple[str, str]]:
    return [(day.isoformat(), formats.date_format(day, "l j F")) for day in edition.days]


def _time_slot_counts(results: QuerySet, now: datetime) -> dict[str, int]:
    return results.order_by().aggregate(
        **{
            slug: Count(Case(When(condition, then=1), output_field=IntegerField()))
            for slug, (_label, condition) in TIME_SLOTS.items()
        }
    )


def _time_slot_filter(values: list[str], now: datetime) -> Q:
    hours = Q()
    for value in values:
        if value in TIME_SLOTS:
            hours |= TIME_SLOTS[value][1]
    return hours


def _county_labels(edition: Edition) -> list[tuple[str, str]]:
    return [(county.code, county.name) for county in County.objects.order_by("name")]


def _municipality_labels(edition: Edition) -> list[tuple[str, str]]:
    # Only municipalities with activities in the edition: 290 options would drown the rest.
    used = Activity.objects.published().in_edition(edition).values("municipality_id")
    return [(m.code, m.name) for m in Municipality.objects.filter(code__in=used).order_by("name")]


def _focus_area_labels(edition: Edition) -> list[tuple[str, str]]:
    return [(str(area.pk), area.name) for area in edition.focus_areas.all()]


FACETS: list[FacetSpec] = [
    FacetSpec(
        "dag",
        _("Dag"),
        filter=lambda values, now: Q(
            starts_at__date__in=[_as_date(v) for v in values if _as_date(v)]
        ),
        count=lambda results, now: _counted(
            results.order_by()
            .annotate(day=TruncDate("starts_at"))
            .values("day")
            .annotate(n=Count("pk")),
            "day",
        ),
        labels=_day_labels,
    ),
    FacetSpec(
        "tid",
        _("Tid på dagen"),
        filter=_time_slot_filter,
        count=_time_slot_counts,
        labels=lambda edition: [(slug, str(label)) for slug, (label, _q) in TIME_SLOTS.items()],
    ),
    FacetSpec(
        "typ",
        _("Typ av aktivitet"),
        filter=lambda values, now: Q(type__in=values),
        count=_field_counts("type"),
        labels=_choices(ActivityType),
    ),
    FacetSpec(
        "form",
        _("Form"),
        filter=lambda values, now: Q(format__in=values),
        count=_field_counts("format"),
        labels=_choices(Format),
    ),
    FacetSpec(
        "lan",
        _("Län"),
        filter=lambda values, now: Q(municipality__county_id__in=values),
        count=_field_counts("municipality__county_id"),
        labels=_county_labels,
    ),
    FacetSpec(
        "kommun",
        _("Kommun"),
        filter=lambda values, now: Q(municipality_id__in=values),
        count=_field_counts("municipality_id"),
        labels=_municipality_labels,
    ),
    FacetSpec(
        "fokus",
        _("Fokusområde"),
        filter=lambda values, now: Exists(
            FocusArea.activities.through.objects.filter(
                activity_id=OuterRef("pk"), focusarea_id__in=[v for v in values if v.isdigit()]
            )
        ),
        count=lambda results, now: _counted(
            FocusArea.activities.through.objects.filter(
                activity_id__in=results.order_by().values("pk")
            )
            .values("focusarea_id")
            .annotate(n=Count("activity_id", distinct=True)),
            "focusarea_id",
        ),
        labels=_focus_area_labels,
    ),
    _tag_spec("malgrupp", _("Målgrupp"), ActivityTag.Kind.TARGET_GROUP, TargetGroup),
    FacetSpec(
        "arrangor",
        _("Arrangör"),
        filter=lambda values, now: Q(organisation__kind__in=values),
        count=_field_counts("organisation__kind"),
        labels=_choices(Kind),
    ),
    _tag_spec("sprak", _("Språk"), ActivityTag.Kind.LANGUAGE, Language),
    _tag_spec(
        "tillganglighet", _("Tillgänglighet"), ActivityTag.Kind.ACCESSIBILITY, AccessibilityFeature
    ),
    FacetSpec(
        "anmalan",
        _("Anmälan"),
        filter=lambda values, now: _signup_open(now) if SIGNUP_OPEN in values else Q(),
        count=lambda results, now: {SIGNUP_OPEN: results.filter(_signup_open(now)).count()},
        labels=lambda edition: [(SIGNUP_OPEN, str(_("Går att anmäla sig till nu")))],
    ),
    _flag_spec("utvald", _("Utvalda"), "is_featured", _("Utvalda av samordnarna")),
    _flag_spec("nationell", _("Nationella"), "is_national", _("Arrangeras av samordnarna")),
]
FACET_NAMES = [spec.name for spec in FACETS]


def _as_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class ProgramSearch:
    """One visitor's search of an edition's published program, as given by the URL's parameters."""

    def __init__(self, params: QueryDict, *, edition: Edition, now: datetime | None = None):
        self.params = params
        self.edition = edition
        self.now = now or timezone.now()
        self.text = params.get("q", "").strip()[:200]
        self.selected = {
            spec.name: [v for v in params.getlist(spec.name) if v][:50] for spec in FACETS
        }

    def published(self) -> QuerySet[Activity]:
        return Activity.objects.published(self.now).in_edition(self.edition)

    def results(self) -> QuerySet[Activity]:
        results = search.search(self.published(), self.text)
        for spec in FACETS:
            if values := self.selected[spec.name]:
                results = results.filter(spec.filter(values, self.now))
        return results.order_by("starts_at", "title", "pk")

    def facets(self, results: QuerySet[Activity]) -> list[Facet]:
        facets = []
        for spec in FACETS:
            counts = spec.count(results, self.now)
            chosen = set(self.selected[spec.name])
            options = [
                Option(value, label, counts.get(value, 0), value in chosen)
                for value, label in spec.labels(self.edition)
            ]
            facets.append(Facet(spec.name, str(spec.label), options))
        return facets

    def query_string(self, **changes) -> str:
        """This search's URL parameters with some changed; a value of None drops the parameter."""
        params = self.params.copy()
        params.pop("sida", None)
        for name, value in changes.items():
            params.pop(name, None)
            if value is not None:
                params.setlist(name, value if isinstance(value, list) else [value])
        kept = [(name, [v for v in values if v]) for name, values in sorted(params.lists())]
        return urlencode([(name, values) for name, values in kept if values], doseq=True)

    def removals(self, facets: list[Facet]) -> list[tuple[str, str]]:
        """Each active filter as (what it is, the URL without it): to widen a search with no hits."""
        removals = []
        if self.text:
            removals.append(
                (_("Sökord: %(text)s") % {"text": self.text}, self.query_string(q=None))
            )
        for facet in facets:
            for option in facet.options:
                if option.selected:
                    rest = [v for v in self.selected[facet.name] if v != option.value]
                    removals.append(
                        (
                            f"{facet.label}: {option.label}",
                            self.query_string(**{facet.name: rest or None}),
                        )
                    )
        return removals
