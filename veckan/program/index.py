"""An edition's published program held in memory, so a search with facets costs no query per facet.

At 20,000 activities, fourteen GROUP BY counts and a full-text match over the database took a second
per search. Here the program is read once per version (veckan.program.version: it changes with every
publication, approval, edit or cancellation) and kept by each worker process. An activity is a
position in program order (start, title, id); every facet option and every search word is a bitset
over those positions, as a Python int. A filter is an AND and an OR of ints, a count is
`(result & option).bit_count()`: microseconds, whatever the size of the program.

Two servers never disagree for long: each request reads the version from the database (one small
aggregate) and rebuilds when it has moved, so a change shows on every server at its next request.
"""

import json
import threading
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from veckan.activities import search
from veckan.activities.models import Activity, ActivityTag, SignupMode
from veckan.program.version import program_state


@dataclass(slots=True)
class Entry:
    """What the facets and the search need to know about one published activity."""

    pk: int
    starts_at: datetime
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
    local_start: datetime | None = None  # in Swedish time: the day and the hour it is in Sweden

    @property
    def signup_closes(self) -> datetime | None:
        """Until when one can sign up (here or on the organiser's site); None: never."""
        if self.signup_mode == SignupMode.PLATFORM:
            return min(self.starts_at, self.signup_deadline or self.starts_at)
        if self.signup_mode == SignupMode.EXTERNAL:
            return self.starts_at
        return None


ENTRY_FIELDS = (
    "pk",
    "starts_at",
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


def _entries(activities: QuerySet[Activity]) -> list[Entry]:
    entries = [Entry(*row) for row in activities.order_by(*ORDER).values_list(*ENTRY_FIELDS)]
    zone = timezone.get_current_timezone()
    for entry in entries:
        entry.local_start = entry.starts_at.astimezone(zone)
    by_pk = {entry.pk: entry for entry in entries}
    pks = activities.order_by().values("pk")
    for activity_id, kind, value in ActivityTag.objects.filter(activity__in=pks).values_list(
        "activity_id", "kind", "value"
    ):
        by_pk[activity_id].tags.setdefault(kind, []).append(value)
    through = Activity.focus_areas.through
    for activity_id, area_id in through.objects.filter(activity__in=pks).values_list(
        "activity_id", "focusarea_id"
    ):
        by_pk[activity_id].focus_areas.append(area_id)
    return entries


class ProgramIndex:
    """One version of one edition's published program: positions, facet bitsets and a word index."""

    def __init__(
        self,
        activities: QuerySet[Activity],
        version: str,
        facets: dict[str, Callable[[Entry], Iterable[str]]],
        deadlines: dict[str, Callable[[Entry], datetime | None]],
    ):
        self.version = version
        entries = _entries(activities)
        self.size = len(entries)
        self.pks = array("q", (entry.pk for entry in entries))
        self.all = (1 << self.size) - 1
        self.options: dict[str, dict[str, int]] = {}
        for name, values_of in facets.items():
            positions: dict[str, list[int]] = defaultdict(list)
            for position, entry in enumerate(entries):
                for value in values_of(entry):
                    positions[str(value)].append(position)
            self.options[name] = {
                value: bitset(found, self.size) for value, found in positions.items()
            }
        # Options that hold until a moment (sign-up open): positions sorted by that moment.
        self._deadlines: dict[str, tuple[list[float], list[int]]] = {}
        for name, moment_of in deadlines.items():
            timed = sorted(
                (moment.timestamp(), position)
                for position, entry in enumerate(entries)
                if (moment := moment_of(entry)) is not None
            )
            self._deadlines[name] = ([t for t, _ in timed], [p for _, p in timed])
        self._still_open: dict[str, tuple[int, int]] = {}
        # The search reads the activities' words only when someone first searches for a word.
        self._activities = activities
        self._position_of = {entry.pk: position for position, entry in enumerate(entries)}
        self._documents: list[str] | None = None
        self._matches: dict[str, int] = {}
        self._lock = threading.Lock()

    def _words(self) -> list[str]:
        """Each position's stemmed words, as " word word … " so a stem is found as " stem"."""
        if self._documents is None:
            documents = [""] * self.size
            for pk, words in search.documents(self._activities).items():
                if (position := self._position_of.get(pk)) is not None:
                    documents[position] = f" {words} "
            self._documents = documents
        return self._documents

    def open_until(self, name: str, now: datetime) -> int:
        """The positions whose moment for `name` is still ahead of `now`."""
        moments, positions = self._deadlines[name]
        passed = bisect_right(moments, now.timestamp())
        with self._lock:
            cached = self._still_open.get(name)
            if cached is None or cached[0] != passed:
                cached = (passed, bitset(positions[passed:], self.size))
                self._still_open[name] = cached
        return cached[1]

    def matching(self, stem: str) -> int:
        """The positions of the activities with a word that starts with `stem` (a scan of 20,000
        activities' words takes about 10 ms; each stem is kept once found)."""
        with self._lock:
            found = self._matches.get(stem)
            if found is None:
                needle = f" {stem}"
                found = bitset(
                    (position for position, words in enumerate(self._words()) if needle in words),
                    self.size,
                )
                if len(self._matches) >= 10_000:
                    self._matches.clear()
                self._matches[stem] = found
        return found

    def pks_at(self, bits: int) -> list[int]:
        return [self.pks[position] for position in set_bits(bits)]


_indexes: dict[int, ProgramIndex] = {}
_building = threading.Lock()


def program_index(
    edition_pk: int,
    activities: QuerySet[Activity],
    facets: dict[str, Callable[[Entry], Iterable[str]]],
    deadlines: dict[str, Callable[[Entry], datetime | None]],
) -> ProgramIndex:
    """This process's index of `activities` (an edition's published program), rebuilt when the
    program's version in the database has changed since it was built."""
    version = program_state(activities).version
    index = _indexes.get(edition_pk)
    if index is None or index.version != version:
        with _building:
            index = _indexes.get(edition_pk)
            if index is None or index.version != version:
                index = ProgramIndex(activities, version, facets, deadlines)
                _indexes[edition_pk] = index
    return index
