"""The program's search: free text, facets with live counts, sorting and paging, all read from the URL.

Every facet is an OR within itself and an AND with the others. An option's count is what ticking
it would give: the hits of the search and of every other facet, leaving out the facet's own
selection (ticking Monday does not make Tuesday read "(0)"). Parameter names are Swedish, as the
URLs people share.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache, cached_property
from itertools import islice
from urllib.parse import urlencode

from django.db import DatabaseError, connections
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from veckan.activities import search
from veckan.activities.models import (
    PUBLIC_STATUSES,
    AccessibilityFeature,
    Activity,
    ActivityTag,
    ActivityType,
    Format,
    Language,
    TargetGroup,
)
from veckan.collections.models import Collection
from veckan.editions.models import Edition
from veckan.geography.models import County, Municipality
from veckan.lib.text import swedish_sort_key
from veckan.organisations.models import Kind
from veckan.program.index import (
    ORDER,
    Entry,
    Match,
    ProgramIndex,
    bitset,
    pks_param,
    program_index,
    set_bits,
)
from veckan.program.version import ProgramState

PAGE_SIZE = 25
logger = logging.getLogger(__name__)

# By the hour the activity starts, in Swedish time.
TIME_SLOTS = {
    "morgon": (_("Förmiddag (före 12)"), range(0, 12)),
    "eftermiddag": (_("Eftermiddag (12–17)"), range(12, 17)),
    "kvall": (_("Kväll (från 17)"), range(17, 24)),
}
SIGNUP_OPEN = "oppen"
WAITING_LIST = "vantelista"
# ?ordning=tid: a search in time order rather than best match first.
ORDER_BY_TIME = "tid"
YES = "ja"
# ?samling=<slug>: only the activities of one of the edition's collections (veckan.collections).
COLLECTION = "samling"


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


@dataclass
class FacetSpec:
    """One facet: the options an activity has in it, and (value, label) in display order.

    A chosen value the facet doesn't know selects nothing, as a link to a day outside the week
    should; in a `lenient` facet (time of day, yes/no flags) it is ignored instead.
    """

    name: str
    label: str
    values: Callable[[Entry], Iterable[object]]
    labels: Callable[[Edition, Iterable[str]], list[tuple[str, str]]]
    lenient: bool = False
    # For a facet whose one option holds until a moment (sign-up open until it closes): the option
    # and the moment, as the clock decides it, not the activity alone.
    until: tuple[str, Callable[[Entry], datetime | None]] | None = None


def _choices(choices) -> Callable[[Edition, Iterable[str]], list[tuple[str, str]]]:
    return lambda edition, present: [(value, str(label)) for value, label in choices.choices]


def _one(attribute: str) -> Callable[[Entry], Iterable[object]]:
    return lambda entry: () if (value := getattr(entry, attribute)) is None else (value,)


def _tag_spec(name: str, label, kind: str, choices) -> FacetSpec:
    return FacetSpec(name, label, lambda entry: entry.tags.get(kind, ()), _choices(choices))


def _flag_spec(name: str, label, attribute: str, option_label) -> FacetSpec:
    """A facet with one option, "ja": only the activities with the flag set."""
    return FacetSpec(
        name,
        label,
        lambda entry: (YES,) if getattr(entry, attribute) else (),
        lambda edition, present: [(YES, str(option_label))],
        lenient=True,
    )


def _day_labels(edition: Edition, present: Iterable[str]) -> list[tuple[str, str]]:
    return [(day.isoformat(), formats.date_format(day, "l j F")) for day in edition.days]


def _time_slots(entry: Entry) -> Iterable[str]:
    hour = entry.local_start.hour
    return [slug for slug, (_label, hours) in TIME_SLOTS.items() if hour in hours]


@cache
def _places(model: type[County | Municipality]) -> list[tuple[str, str]]:
    """(code, name) of every county or municipality: reference data, changed only by migrations,
    so read once per process. In Swedish alphabetical order (å, ä, ö last), not the database's."""
    return sorted(
        model.objects.values_list("code", "name"), key=lambda row: swedish_sort_key(row[1])
    )


def _county_labels(edition: Edition, present: Iterable[str]) -> list[tuple[str, str]]:
    return _places(County)


def _municipality_labels(edition: Edition, present: Iterable[str]) -> list[tuple[str, str]]:
    # Only municipalities with activities in the edition: 290 options would drown the rest.
    return [(code, name) for code, name in _places(Municipality) if code in present]


def _focus_area_labels(edition: Edition, present: Iterable[str]) -> list[tuple[str, str]]:
    return [(str(area.pk), area.display_name) for area in edition.focus_areas.all()]


FACETS: list[FacetSpec] = [
    FacetSpec(
        "dag",
        _("Dag"),
        lambda entry: (entry.local_start.date().isoformat(),),
        _day_labels,
    ),
    FacetSpec(
        "tid",
        _("Tid på dagen"),
        _time_slots,
        lambda edition, present: [(slug, str(label)) for slug, (label, _h) in TIME_SLOTS.items()],
        lenient=True,
    ),
    FacetSpec("typ", _("Typ av aktivitet"), _one("type"), _choices(ActivityType)),
    FacetSpec("form", _("Form"), _one("format"), _choices(Format)),
    FacetSpec("lan", _("Län"), _one("county_id"), _county_labels),
    FacetSpec("kommun", _("Kommun"), _one("municipality_id"), _municipality_labels),
    FacetSpec("fokus", _("Fokusområde"), lambda entry: entry.focus_areas, _focus_area_labels),
    _tag_spec("malgrupp", _("Målgrupp"), ActivityTag.Kind.TARGET_GROUP, TargetGroup),
    FacetSpec("arrangor", _("Arrangör"), _one("organisation_kind"), _choices(Kind)),
    _tag_spec("sprak", _("Språk"), ActivityTag.Kind.LANGUAGE, Language),
    _tag_spec(
        "tillganglighet", _("Tillgänglighet"), ActivityTag.Kind.ACCESSIBILITY, AccessibilityFeature
    ),
    FacetSpec(
        "anmalan",
        _("Anmälan"),
        lambda entry: (),
        lambda edition, present: [
            (SIGNUP_OPEN, str(_("Går att anmäla sig till nu"))),
            (WAITING_LIST, str(_("Fullbokat – väntelista öppen"))),
        ],
        lenient=True,
        until=(SIGNUP_OPEN, lambda entry: entry.signup_closes),
    ),
    _flag_spec("utvald", _("Utvalda"), "is_featured", _("Utvalda av samordnarna")),
    _flag_spec("nationell", _("Nationella"), "is_national", _("Arrangeras av samordnarna")),
]
FACET_NAMES = [spec.name for spec in FACETS]
# Not a facet of its own: what "Går att anmäla sig till nu" and "Fullbokat" are told apart by.
FULLY_BOOKED = "_fullbokat"


def _fully_booked(entry: Entry) -> Iterable[str]:
    return (YES,) if entry.full else ()


FACET = {spec.name: spec for spec in FACETS}


class ProgramSearch:
    """One visitor's search of an edition's published program, as given by the URL's parameters."""

    def __init__(
        self,
        params: QueryDict,
        *,
        edition: Edition,
        now: datetime | None = None,
        collection: Collection | None = None,
    ):
        """`collection` narrows the search to one collection as its own page does, where the
        collection is the page's and not a parameter; otherwise `?samling=<slug>` names it."""
        self.params = params
        self.edition = edition
        self.now = now or timezone.now()
        self.text = params.get("q", "").strip()[:200]
        self.selected = {
            spec.name: [v for v in params.getlist(spec.name) if v][:50] for spec in FACETS
        }
        self.own_collection = collection is not None
        self.collection_slug = collection.slug if collection else params.get(COLLECTION, "")[:100]
        if collection is not None:
            self.collection = collection

    @property
    def is_filtered(self) -> bool:
        return bool(self.text) or any(self.selected.values()) or bool(self.collection_slug)

    @cached_property
    def collection(self) -> Collection | None:
        """The collection `?samling=` names in this edition, or None (then it selects nothing)."""
        if not self.collection_slug:
            return None
        return Collection.objects.filter(edition=self.edition, slug=self.collection_slug).first()

    @cached_property
    def in_collection(self) -> int | None:
        """The collection's activities as a bitset over the index, or None without a collection.
        Read from the database on each search (one query): a coordinator's change to the rules
        moves no program revision, and the picks are part of the search's version (state)."""
        if not self.collection_slug:
            return None
        if self.collection is None:
            return 0
        positions = self.index.position_of
        pks = self.collection.activities(self.now).values_list("pk", flat=True)
        return bitset((positions[pk] for pk in pks if pk in positions), self.index.size)

    def published(self) -> QuerySet[Activity]:
        return Activity.objects.published(self.now).in_edition(self.edition)

    @cached_property
    def index(self) -> ProgramIndex:
        return program_index(
            self.edition,
            self.published(),
            facets={spec.name: spec.values for spec in FACETS if not spec.until}
            | {FULLY_BOOKED: _fully_booked},
            deadlines={spec.name: spec.until[1] for spec in FACETS if spec.until},
        )

    def _options(self, spec: FacetSpec) -> dict[str, int]:
        """Each value of the facet that some activity has, with the activities that have it."""
        if spec.until:
            # Open to sign-up leaves out the full ones; they have an option of their own.
            still_open = self.index.open_until(spec.name, self.now)
            return {
                SIGNUP_OPEN: still_open & ~self.fully_booked,
                WAITING_LIST: still_open & self.fully_booked,
            }
        return self.index.options[spec.name]

    @property
    def fully_booked(self) -> int:
        """The activities whose seats are all taken: held in the index like a facet, as sign-ups
        that fill or free an activity move the program's revision (signups.services)."""
        return self.index.options[FULLY_BOOKED].get(YES, 0)

    def _text_matches(self, text: str) -> list[Match]:
        return [self.index.matching(term) for term in search.query_terms(text)]

    @cached_property
    def _text_search(self) -> tuple[list[Match], str | None]:
        """The matches of the text's terms, and the text searched instead when the typed one finds
        nothing but one typo fewer in a long word does (the "Menade du …?")."""
        matches = self._text_matches(self.text)
        if not matches or _all_of(matches, self.index.all):
            return matches, None
        words = search.query_words(self.text)
        corrected = []
        for word in words:
            found = search.term(word)
            if (
                found is not None
                and len(word) >= search.TYPO_FROM
                and not self.index.matching(found).bits
            ):
                word = self._correction(word) or word
            corrected.append(word)
        if corrected != words:
            suggestion = " ".join(corrected)
            instead = self._text_matches(suggestion)
            if _all_of(instead, self.index.all):
                return instead, suggestion
        return matches, None

    def _correction(self, word: str) -> str | None:
        """The word one typo away that most activities have, if any has it."""
        exact, folded = self.index.vocabulary
        best = (0, "")
        for candidate in search.one_typo_away(word):
            found = search.term(candidate)
            if found is None or found.whole:
                continue
            count = (folded if found.folded else exact)[found.stem]
            if count > best[0]:
                best = (count, candidate)
        return best[1] or None

    @property
    def suggestion(self) -> str | None:
        """What "Menade du …?" proposes, and the hits show, when the typed text finds nothing."""
        return self._text_search[1]

    @cached_property
    def text_hits(self) -> int:
        """The activities the free text finds (all of them without a text), as a bitset."""
        return _all_of(self._text_search[0], self.index.all)

    @property
    def by_relevance(self) -> bool:
        """Best match first when there is a text, unless time order is asked for."""
        return bool(self._text_search[0]) and self.params.get("ordning") != ORDER_BY_TIME

    def ranked_pks(self) -> Sequence[int]:
        """The hits' pks, best match first (then in program order) or in program order (read
        only as far as a page asks: the first page of 20,000 reads 25)."""
        if not self.by_relevance:
            return InOrder(self.index, self.hits)
        matches = self._text_search[0]
        positions = list(set_bits(self.hits))
        score = {p: sum(match.scores[p] for match in matches) for p in positions}
        positions.sort(key=lambda p: -score[p])  # stable: ties stay in program order
        return [self.index.pks[p] for p in positions]

    @cached_property
    def chosen(self) -> dict[str, int]:
        """For each facet with a selection, the activities that have any of the chosen options."""
        chosen = {}
        for spec in FACETS:
            values = self.selected[spec.name]
            if spec.lenient:
                known = {value for value, _label in spec.labels(self.edition, ())}
                values = [value for value in values if value in known]
            if values:
                options = self._options(spec)
                bits = 0
                for value in values:
                    bits |= options.get(value, 0)
                chosen[spec.name] = bits
        return chosen

    def hits_without(self, name: str | None) -> int:
        """The hits of the text and of every facet but `name` (None: of every facet)."""
        hits = self.text_hits
        if self.in_collection is not None:
            hits &= self.in_collection
        for other, bits in self.chosen.items():
            if other != name:
                hits &= bits
        return hits

    @cached_property
    def hits(self) -> int:
        """The matching activities, as a bitset over the program index's positions."""
        return self.hits_without(None)

    @property
    def selection_count(self) -> int:
        """How many facet options are ticked: the n of the phone's "Filtrera (n)"."""
        return sum(len(values) for values in self.selected.values())

    @property
    def count(self) -> int:
        return self.hits.bit_count()

    @property
    def state(self) -> ProgramState:
        """The version of what this search shows, for ETags: the program's own (read for the index
        anyway, so no second query) and, when filtered, which of its activities the search picks.
        The picks can change without a new version: sign-up closes as the clock passes, which
        then also counts as a change for Last-Modified."""
        state = replace(self.index.state, count=self.count)
        if not self.is_filtered:
            return state
        moments = [
            self.index.last_passed(spec.name, self.now)
            for spec in FACETS
            if spec.until and self.selected[spec.name]
        ]
        picks = self.hits.to_bytes((self.index.size + 7) // 8, "little")
        return replace(
            state,
            clock=max((moment for moment in moments if moment), default=None),
            selection=hashlib.sha256(picks).hexdigest()[:32],
        )

    def results(self) -> QuerySet[Activity]:
        """All the matching activities, in program order."""
        results = self.published()
        if self.hits != self.index.all:
            results = results.filter(pk__in=pks_param(self.index.pks_at(self.hits)))
        return results.order_by(*ORDER)

    def in_pages(self) -> "ResultPages":
        """The matching activities in program order, for Paginator: a page is a query of its own
        pks alone (see HitList for why), the count is the index's."""
        return ResultPages(self.index.pks_at(self.hits))

    def hit_list(self, *related: str) -> "HitList":
        """The matching activities as a sequence that reads only the slice it is asked for: for
        Paginator, so a page loads its own 25 activities and no others."""
        return HitList(
            self.ranked_pks(),
            (Activity.objects.select_related(*related) if related else Activity.objects)
            .all()
            .with_seat_counts(),
            self.index.entries,
        )

    def labels(self, spec: FacetSpec) -> dict[str, str]:
        return dict(spec.labels(self.edition, self._options(spec)))

    def counts(self, spec: FacetSpec, among: int | None = None) -> dict[str, int]:
        """How many of the hits (or of `among`) have each value of the facet (values none has
        are left out)."""
        among = self.hits if among is None else among
        counts = {value: (among & bits).bit_count() for value, bits in self._options(spec).items()}
        return {value: n for value, n in counts.items() if n}

    def facets(self) -> list[Facet]:
        """Every facet with each option's count: what ticking it would give (see the module)."""
        facets = []
        for spec in FACETS:
            counts = self.counts(spec, among=self.hits_without(spec.name))
            chosen = set(self.selected[spec.name])
            options = [
                Option(value, label, counts.get(value, 0), value in chosen)
                for value, label in spec.labels(self.edition, self._options(spec))
            ]
            facets.append(Facet(spec.name, str(spec.label), options))
        return facets

    def query_string(self, **changes) -> str:
        """This search's URL parameters with some changed; a value of None drops the parameter."""
        params = self.params.copy()
        params.pop("sida", None)
        if self.own_collection:
            params.pop(COLLECTION, None)
        for name, value in changes.items():
            params.pop(name, None)
            if value is not None:
                params.setlist(name, value if isinstance(value, list) else [value])
        kept = [(name, [v for v in values if v]) for name, values in sorted(params.lists())]
        return urlencode([(name, values) for name, values in kept if values], doseq=True)

    @property
    def data_query(self) -> str:
        """This search's parameters for the feeds and the API, which take the collection as a
        parameter also where the page is the collection's own."""
        query = self.query_string()
        if self.own_collection:
            own = urlencode({COLLECTION: self.collection_slug})
            query = f"{own}&{query}" if query else own
        return query

    def within(self) -> QuerySet[Activity]:
        """The published program, or only its collection's part when the search names one."""
        if not self.collection_slug:
            return self.published()
        if self.collection is None:
            return self.published().none()
        return self.collection.activities(self.now)

    def removals(self, facets: list[Facet]) -> list[tuple[str, str]]:
        """Each active filter as (what it is, the URL without it): to widen a search with no hits."""
        removals = []
        if self.text:
            removals.append(
                (_("Sökord: %(text)s") % {"text": self.text}, self.query_string(q=None))
            )
        if self.collection_slug and not self.own_collection:
            name = self.collection.name if self.collection else self.collection_slug
            removals.append(
                (_("Samling: %(name)s") % {"name": name}, self.query_string(**{COLLECTION: None}))
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


def _all_of(matches: list[Match], everything: int) -> int:
    hits = everything
    for match in matches:
        hits &= match.bits
    return hits


class InOrder(Sequence):
    """The pks at a bitset's positions, in program order, found only as far as asked."""

    def __init__(self, index: ProgramIndex, bits: int):
        self.index = index
        self.bits = bits
        self.size = bits.bit_count()

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, item):
        if isinstance(item, slice):
            start, stop, step = item.indices(self.size)
            positions = islice(set_bits(self.bits), start, stop, step)
            return [self.index.pks[position] for position in positions]
        if item < 0:
            item += self.size
        return self[item : item + 1][0]


def warm_current_program() -> None:
    """Read the current program and its words into this process (gunicorn's workers do as they
    start, in veckan.wsgi), so a freshly started worker answers its first search as fast as one
    that has run for hours. A database that is not there yet is left for the first request."""
    try:
        edition = Edition.objects.current()
        if edition is not None and edition.is_program_published():
            ProgramSearch(QueryDict(), edition=edition).index.read_words()
    except DatabaseError:
        logger.warning("The program was not read at start; the first request reads it.")
    finally:
        connections.close_all()


class ResultPages(Sequence):
    """Activities by pk in program order, a slice at a time as a QuerySet of those pks only."""

    def __init__(self, pks: list[int]):
        self.pks = pks

    def __len__(self) -> int:
        return len(self.pks)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        rows = Activity.objects.filter(pk__in=self.pks[index], status__in=PUBLIC_STATUSES)
        return rows.order_by(*ORDER)


class HitList(Sequence):
    """Activities by pk in a given order, read from the database a slice at a time.

    The pks come from the index of the published program, so the rows are read by their primary
    key alone: beside a condition on the edition and status, a planner without statistics (a table
    just loaded, not yet analysed) walks the whole edition's index for 25 rows (30 ms instead of
    0.3). Whether each is still public is checked on the rows read: one withdrawn since the index
    was read leaves the page, as a filter in the query would have left it out."""

    def __init__(
        self, pks: list[int], queryset: QuerySet[Activity], entries: dict[int, Entry] | None = None
    ):
        self.pks = pks
        self.queryset = queryset
        # The index's entries: each activity read is marked with its entry's serial, which its
        # card (templatetags.program.activity_card) is kept by.
        self.entries = entries or {}

    def __len__(self) -> int:
        return len(self.pks)

    def defer(self, *fields: str) -> "HitList":
        return HitList(self.pks, self.queryset.defer(*fields), self.entries)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        pks = self.pks[index]
        found = self.queryset.in_bulk(pks)
        for pk, activity in found.items():
            if entry := self.entries.get(pk):
                activity.index_serial = entry.serial
        return [found[pk] for pk in pks if pk in found and found[pk].status in PUBLIC_STATUSES]
