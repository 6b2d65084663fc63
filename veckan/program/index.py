"""An edition's published program held in memory, so a search with facets costs no query per facet.

At 20,000 activities, fourteen GROUP BY counts and a full-text match over the database took a second
per search. Here the program is read once per version (veckan.program.version: it changes with every
publication, approval, edit or cancellation) and kept by each worker process. An activity is a
position in program order (start, title, id); every facet option and every search word is a bitset
over those positions, as a Python int. A filter is an AND and an OR of ints, a count is
`(result & option).bit_count()`: microseconds, whatever the size of the program.

Two servers never disagree for long: each request reads the program's revision (one row by its
key, veckan.revisions) and brings its copy up to date when it has moved, so a change shows on every
server at its next request. It reads again only what the changes since its own revision name: after
an edit or an approval one activity, after an organisation's new name its activities, not 20,000
(a publication, a change to an edition or a rebuilt search index read them all).
"""

import itertools
import json
import sys
import threading
import time
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from veckan.activities import search
from veckan.activities.models import Activity, ActivityTag, signup_closes
from veckan.editions.models import Edition
from veckan.program.version import ProgramState, program_state
from veckan.revisions.services import changes_since


@dataclass(slots=True)
class Entry:
    """What the facets and the search need to know about one published activity."""

    pk: int
    starts_at: datetime
    title: str
    type: str
    format: str
    municipality_id: str | None
    county_id: str | None
    organisation_kind: str
    is_featured: bool
    is_national: bool
    signup_mode: str
    signup_deadline: datetime | None
    tags: dict[str, list[str]] = field(default_factory=dict)
    focus_areas: list[int] = field(default_factory=list)
    # All seats taken or a queue: the sign-up services move the revision when this flips.
    full: bool = False
    local_start: datetime | None = None  # in Swedish time: the day and the hour it is in Sweden
    # Which reading of the activity this is: a new one for every change the revision names (the
    # activity, its organisations), so what was drawn from an entry holds while it is the same.
    serial: int = 0

    @property
    def signup_closes(self) -> datetime | None:
        return signup_closes(self.signup_mode, self.starts_at, self.signup_deadline)


ENTRY_FIELDS = (
    "pk",
    "starts_at",
    "title",
    "type",
    "format",
    "municipality_id",
    "municipality__county_id",
    "organisation__kind",
    "is_featured",
    "is_national",
    "signup_mode",
    "signup_deadline",
)
ORDER = ("starts_at", "title", "pk")
# How long an index (and a program page made from it, veckan.program.kept_pages) answers although the
# program's revision moved: a change shows on every server within twice this.
GRACE_SECONDS = 0.25
# Up to one activity in this many edited, a new version moves their bits in the old one's options;
# beyond that, building the options anew is quicker.
PATCHED_AT_MOST = 20
# A moment per activity, sorted, and the positions in the same order.
Timed = tuple[list[float], list[int]]


def _place(entry: "Entry") -> tuple[datetime, str]:
    """What decides an activity's position in program order (its pk never changes)."""
    return entry.starts_at, entry.title


def bitset(positions: Iterable[int], size: int) -> int:
    """An int with the bits at `positions` set."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def set_bits(bits: int) -> Iterator[int]:
    """The positions of the set bits, from the lowest."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for index, byte in enumerate(data):
        while byte:
            low = byte & -byte
            yield index * 8 + low.bit_length() - 1
            byte ^= low


def pks_param(pks: list[int]) -> RawSQL:
    """For `pk__in=`: these pks as one query parameter, however many (20,000 separate parameters
    are more than SQLite allows)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [pks])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(pks)])


def _shared(value: object) -> object:
    """One copy of each short text in the process: 20,000 activities repeat a few hundred codes
    ("seminarium", "0580", "sv" …), some 15 MB as separate strings."""
    return sys.intern(value) if type(value) is str else value


def _entries(activities: QuerySet[Activity]) -> dict[int, Entry]:
    rows = activities.order_by().values_list(*ENTRY_FIELDS)
    # pk, starts_at and title are the activity's own; the codes after them repeat.
    by_pk = {row[0]: Entry(*row[:3], *map(_shared, row[3:])) for row in rows}
    zone = timezone.get_current_timezone()
    for entry in by_pk.values():
        entry.local_start = entry.starts_at.astimezone(zone)
        entry.serial = next(_serials)
    # The parts of the activities read above; one that joined since is not among them.
    pks = list(by_pk)
    for pk in activities.filter(pk__in=pks_param(pks)).fully_booked().values_list("pk", flat=True):
        if pk in by_pk:
            by_pk[pk].full = True
    for activity_id, kind, value in ActivityTag.objects.filter(
        activity__in=pks_param(pks)
    ).values_list("activity_id", "kind", "value"):
        by_pk[activity_id].tags.setdefault(_shared(kind), []).append(_shared(value))
    through = Activity.focus_areas.through
    for activity_id, area_id in through.objects.filter(activity__in=pks_param(pks)).values_list(
        "activity_id", "focusarea_id"
    ):
        by_pk[activity_id].focus_areas.append(area_id)
    return by_pk


_serials = itertools.count(1)


def _organised_by(organisations: set[int]) -> set[int]:
    """The activities these organisations organise or co-organise: what shows their names."""
    if not organisations:
        return set()
    named = Activity.objects.filter(
        Q(organisation__in=organisations) | Q(co_organisers__organisation__in=organisations)
    )
    return set(named.values_list("pk", flat=True))


def _options(
    entries: list[Entry], facets: dict[str, Callable[[Entry], Iterable[str]]]
) -> dict[str, dict[str, int]]:
    """For each facet, each value some activity has, with the positions that have it."""
    options = {}
    for name, values_of in facets.items():
        positions: dict[str, list[int]] = defaultdict(list)
        for position, entry in enumerate(entries):
            for value in values_of(entry):
                positions[str(value)].append(position)
        options[name] = {value: bitset(found, len(entries)) for value, found in positions.items()}
    return options


def _moved(
    previous: "ProgramIndex",
    edited: list[int],
    facets: dict[str, Callable[[Entry], Iterable[str]]],
    entries: dict[int, Entry],
) -> dict[str, dict[str, int]]:
    """The previous index's options, with each edited activity's bit moved from the options of
    its old entry to those of its new one (it keeps its position)."""
    options = {name: dict(values) for name, values in previous.options.items()}
    for pk in edited:
        bit = 1 << previous.position_of[pk]
        for name, values_of in facets.items():
            values = options[name]
            for value in map(str, values_of(previous.entries[pk])):
                values[value] &= ~bit
                if not values[value]:
                    del values[value]
            for value in map(str, values_of(entries[pk])):
                values[value] = values.get(value, 0) | bit
    return options


def _reordered(
    previous: "ProgramIndex",
    stale: list[int],
    facets: dict[str, Callable[[Entry], Iterable[str]]],
    entries: dict[int, Entry],
) -> tuple[array, dict[str, dict[str, int]]]:
    """The previous index's order and options with the stale activities taken out of their old
    positions and each one still in the program put in at its place in program order (start,
    title, pk, as the database orders them): every other activity's bits shift with it, a few
    big-int operations per option instead of reading 20,000 entries again."""
    changed = set(stale)
    options = {name: dict(values) for name, values in previous.options.items()}
    # Out: clear the stale ones' bits where they were, then close up their positions.
    for pk in stale:
        if (position := previous.position_of.get(pk)) is None:
            continue
        bit = 1 << position
        for name, values_of in facets.items():
            values = options[name]
            for value in map(str, values_of(previous.entries[pk])):
                if value in values:
                    values[value] &= ~bit
    gone = sorted(previous.position_of[pk] for pk in stale if pk in previous.position_of)
    kept = [pk for pk in previous.pks if pk not in changed]

    def place(pk: int) -> tuple:
        entry = entries[pk]
        return (entry.starts_at, entry.title, pk)

    for pk in sorted((pk for pk in stale if pk in entries), key=place):
        kept.insert(bisect_left(kept, place(pk), key=place), pk)
    pks = array("q", kept)
    new_positions = sorted(position for position, pk in enumerate(pks) if pk in changed)
    for values in options.values():
        for value, bits in list(values.items()):
            for position in reversed(gone):
                bits = (bits & ((1 << position) - 1)) | ((bits >> (position + 1)) << position)
            for position in new_positions:
                bits = (bits & ((1 << position) - 1)) | ((bits >> position) << (position + 1))
            values[value] = bits
    # In: the changed ones' bits at their new positions.
    for position in new_positions:
        entry = entries[pks[position]]
        for name, values_of in facets.items():
            values = options.setdefault(name, {})
            for value in map(str, values_of(entry)):
                values[value] = values.get(value, 0) | (1 << position)
    for values in options.values():
        for value in [value for value, bits in values.items() if not bits]:
            del values[value]
    return pks, options


def _timed(entries: list[Entry], moment_of: Callable[[Entry], datetime | None]) -> Timed:
    pairs = sorted(
        (moment.timestamp(), position)
        for position, entry in enumerate(entries)
        if (moment := moment_of(entry)) is not None
    )
    return [t for t, _ in pairs], [p for _, p in pairs]


def _moved_in_time(
    previous: "ProgramIndex",
    edited: list[int],
    deadlines: dict[str, Callable[[Entry], datetime | None]],
    entries: dict[int, Entry],
) -> dict[str, Timed]:
    """The previous index's moments, with each edited activity's moment changed."""
    timed = {}
    for name, moment_of in deadlines.items():
        moments, positions = (list(column) for column in previous.deadlines[name])
        for pk in edited:
            position = previous.position_of[pk]
            old, new = moment_of(previous.entries[pk]), moment_of(entries[pk])
            if old == new:
                continue
            if old is not None:
                at = bisect_left(moments, old.timestamp())
                at = positions.index(position, at)
                del moments[at], positions[at]
            if new is not None:
                at = bisect_right(moments, new.timestamp())
                moments.insert(at, new.timestamp())
                positions.insert(at, position)
        timed[name] = (moments, positions)
    return timed


class ProgramIndex:
    """One version of one edition's published program: positions, facet bitsets and a word index."""

    def __init__(
        self,
        activities: QuerySet[Activity],
        state: ProgramState,
        facets: dict[str, Callable[[Entry], Iterable[str]]],
        deadlines: dict[str, Callable[[Entry], datetime | None]],
        previous: "ProgramIndex | None" = None,
    ):
        self.state = state
        self.version = state.version
        self.built_at = clock()
        # What the previous version holds still holds for every activity no change since names,
        # unless the program was published since (then all of it is new) or a change named
        # everything (an edition, the search index rebuilt).
        since = None
        if previous is not None and previous.state.published_at == state.published_at:
            since = changes_since(previous.state.revision, state.revision)
        if since is None or since.everything:
            previous = None
        if previous is None:
            known: dict[int, Entry] = {}
            self.entries = _entries(activities)
            stale = list(self.entries)
        else:
            known = previous.entries
            stale = list(since.activities | _organised_by(since.organisations))
            fresh = _entries(activities.filter(pk__in=pks_param(stale))) if stale else {}
            # Changes to activities outside this program (drafts, other editions) change nothing.
            stale = [pk for pk in stale if pk in known or pk in fresh]
            # One that left the program is among the stale and not among the fresh.
            gone = set(stale)
            self.entries = {pk: e for pk, e in known.items() if pk not in gone} | fresh
        renewed = set(stale)
        if (
            previous is not None
            and len(stale) <= max(1, len(known) // PATCHED_AT_MOST)
            and self.entries.keys() == known.keys()
            and all(_place(self.entries[pk]) == _place(known[pk]) for pk in stale)
        ):
            # The same activities in the same order: only the edited ones' bits move.
            self.pks = previous.pks
            self.position_of = previous.position_of
            self.options = _moved(previous, stale, facets, self.entries)
            self.deadlines = _moved_in_time(previous, stale, deadlines, self.entries)
        elif previous is not None and len(stale) <= max(1, len(known) // PATCHED_AT_MOST):
            # A few joined, left or moved (an approval, a new time): the others' bits shift to
            # their new positions, and only the changed ones' are set anew.
            self.pks, self.options = _reordered(previous, stale, facets, self.entries)
            self.entries = {pk: self.entries[pk] for pk in self.pks}
            self.position_of = {pk: position for position, pk in enumerate(self.pks)}
            in_order = list(self.entries.values())
            self.deadlines = {
                name: _timed(in_order, moment_of) for name, moment_of in deadlines.items()
            }
        else:
            order = activities.order_by(*ORDER).values_list("pk", flat=True)
            self.pks = array("q", (pk for pk in order if pk in self.entries))
            self.entries = {pk: self.entries[pk] for pk in self.pks}
            self.position_of = {pk: position for position, pk in enumerate(self.pks)}
            in_order = list(self.entries.values())
            self.options = _options(in_order, facets)
            # Options that hold until a moment (sign-up open): positions sorted by that moment.
            self.deadlines = {
                name: _timed(in_order, moment_of) for name, moment_of in deadlines.items()
            }
        self.size = len(self.pks)
        self.all = (1 << self.size) - 1
        self._still_open: dict[str, tuple[int, int]] = {}
        # The search reads the activities' words only when someone first searches for a word,
        # and then only those it does not have from the previous version.
        self._activities = activities
        self._documents: list[Document] | None = None
        self._known_words: dict[int, Document] = {}
        if previous is not None:
            self._known_words = {
                pk: words for pk, words in previous._words_so_far() if pk not in renewed
            }
        self._matches: dict[search.Term, Match] = {}
        self._lock = threading.Lock()

    def read_words(self) -> None:
        """Read every activity's words now rather than at the first search."""
        with self._lock:
            self._words()

    def _words_so_far(self) -> Iterable[tuple[int, "Document"]]:
        """(pk, words) of the activities whose words this index has read (or was handed)."""
        if self._documents is None:
            return self._known_words.items()
        return zip(self.pks, self._documents, strict=True)

    def _words(self) -> list["Document"]:
        """Each position's stemmed words (see Document)."""
        if self._documents is None:
            documents = [self._known_words.get(pk, EMPTY) for pk in self.pks]
            missing = [pk for pk in self.pks if pk not in self._known_words]
            if len(missing) == self.size:
                read = search.documents(self._activities)
            elif missing:
                read = search.documents(self._activities.filter(pk__in=pks_param(missing)))
            else:
                read = {}
            for pk, weights in read.items():
                if (position := self.position_of.get(pk)) is not None:
                    documents[position] = Document.of(weights)
            self._documents = documents
            self._known_words = {}
        return self._documents

    @cached_property
    def vocabulary(self) -> tuple[Counter, Counter]:
        """How many activities have each word (stem), as written and without diacritics: what
        a word one typo away from a search word is looked up in."""
        exact: Counter = Counter()
        folded: Counter = Counter()
        with self._lock:
            documents = self._words()
        for document in documents:
            words = set(document.exact.split())
            words.discard("|")
            exact.update(words)
            folded.update({search.fold(word) for word in words})
        return exact, folded

    def open_until(self, name: str, now: datetime) -> int:
        """The positions whose moment for `name` is still ahead of `now`."""
        moments, positions = self.deadlines[name]
        passed = bisect_right(moments, now.timestamp())
        with self._lock:
            cached = self._still_open.get(name)
            if cached is None or cached[0] != passed:
                cached = (passed, bitset(positions[passed:], self.size))
                self._still_open[name] = cached
        return cached[1]

    def last_passed(self, name: str, now: datetime) -> datetime | None:
        """The latest moment for `name` that `now` has passed: when the clock last changed which
        positions open_until() gives."""
        moments, _positions = self.deadlines[name]
        passed = bisect_right(moments, now.timestamp())
        return datetime.fromtimestamp(moments[passed - 1], UTC) if passed else None

    def matching(self, term: search.Term) -> "Match":
        """The positions of the activities with a word that starts with the term's stem (or is
        it, for a whole-word term), each with its score: title above summary above the rest, a
        whole word above the start of one. A scan of 20,000 activities' words takes some 10 ms;
        each term is kept once found."""
        with self._lock:
            found = self._matches.get(term)
            if found is None:
                found = _match(self._words(), term, self.size)
                if len(self._matches) >= 2_000:
                    self._matches.clear()
                self._matches[term] = found
        return found

    def pks_at(self, bits: int) -> list[int]:
        return [self.pks[position] for position in set_bits(bits)]


@dataclass(slots=True)
class Document:
    """One activity's stemmed words as " title words | summary words | other words ", as written
    and without diacritics, so a stem is found as " stem" (the start of a word) or " stem "."""

    exact: str
    folded: str

    @classmethod
    def of(cls, weights: tuple[str, str, str]) -> "Document":
        exact = f" {search.FIELDS.join(weights)} "
        return cls(exact, search.fold(exact))


EMPTY = Document.of(("", "", ""))
# From this many letters a stem is also found inside a word: Swedish joins words, and
# "upphandling" should find "innovationsupphandling", below the words that start with it.
INSIDE_FROM = 5


def score(field: int, kind: int) -> int:
    """A term's score in one activity: the field first (0 title, 1 summary, 2 the rest), then
    the kind of match in it (0 inside a word, 1 the start of one, 2 a whole word)."""
    return (2 - field) * 3 + kind + 1


@dataclass(slots=True)
class Match:
    bits: int
    scores: dict[int, int]  # position: score


def _match(documents: list[Document], term: search.Term, size: int) -> Match:
    if term.whole:
        needles = [(f" {term.stem} ", 2)]
    else:
        needles = [(f" {term.stem} ", 2), (f" {term.stem}", 1)]
        if len(term.stem) >= INSIDE_FROM:
            needles.append((term.stem, 0))
    loosest = needles[-1][0]
    scores = {}
    for position, document in enumerate(documents):
        text = document.folded if term.folded else document.exact
        if loosest not in text:
            continue
        first = text.find(search.FIELDS)
        second = text.find(search.FIELDS, first + 1)
        bounds = ((0, first), (first, second), (second, len(text)))
        scores[position] = max(
            score(field, kind)
            for field, (start, end) in enumerate(bounds)
            for needle, kind in needles
            if text.find(needle, start, end + 1) >= 0
        )
    return Match(bitset(scores, size), scores)


def clock() -> float:
    """Seconds, for the grace: monotonic, and one name for tests to move."""
    return time.monotonic()


def _within_grace(index: ProgramIndex, state: ProgramState) -> bool:
    """Whether `index` may still answer for the program at `state`: it is younger than the
    grace, and the change is one of revision only (a publication reads everything, at once)."""
    grace = getattr(settings, "PROGRAM_PAGE_GRACE_SECONDS", GRACE_SECONDS)
    return clock() - index.built_at < grace and index.state.published_at == state.published_at


_indexes: dict[int, ProgramIndex] = {}
_building = threading.Lock()


def program_index(
    edition: Edition,
    activities: QuerySet[Activity],
    facets: dict[str, Callable[[Entry], Iterable[str]]],
    deadlines: dict[str, Callable[[Entry], datetime | None]],
) -> ProgramIndex:
    """This process's index of `activities` (an edition's published program), rebuilt when the
    program's version in the database has changed since it was built."""
    state = program_state(edition)
    edition_pk = edition.pk
    index = _indexes.get(edition_pk)
    if index is not None and index.version != state.version and _within_grace(index, state):
        # Under a stream of changes (release day: approvals, edits, sign-ups that fill an
        # activity) this process reads the program at most once per grace, not once per change;
        # a change still shows within it.
        return index
    if index is None or index.version != state.version:
        with _building:
            index = _indexes.get(edition_pk)
            if index is None or index.version != state.version:
                index = ProgramIndex(activities, state, facets, deadlines, previous=index)
                _indexes[edition_pk] = index
    return index
