"""Free-text search over activities, with Swedish stemming, on PostgreSQL and on SQLite: each
activity's stemmed words in three weights (title; summary and organisers; everything else), which the
program's index (veckan.program.index) matches a search's terms against and ranks by.

A term matches the start of a word, so "innovation" also finds "innovationsarbete"; a term of up to
three letters matches whole words only ("AI" is not "Aino"). A term typed without diacritics matches
the words without theirs ("Goteborg" finds "Göteborg", "aldreomsorg" finds "äldreomsorg"); a typed
å, ä or ö stays exact ("öppna" does not find "oppna").

PostgreSQL: a tsvector column built with the `swedish` text-search configuration, weights A, B, C.
SQLite: an FTS5 table whose text is stemmed here with Snowball's Swedish stemmer (the same algorithm
PostgreSQL uses), the three weights separated by " | ".
Both are written by index_activities() whenever an activity or its parts are saved.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import Stemmer
from django.db import connection
from django.db.models import F, Func, QuerySet, TextField, Value

from veckan.activities.models import Activity, ActivityType

CONFIG = "swedish"
WORD = re.compile(r"\w+")
_stemmer = Stemmer.Stemmer("swedish")
# As get_type_display(), in the active language, without building the choices on every call.
_TYPE_LABELS = dict(ActivityType.choices)


# Between the three weights in SQLite's stored text (and in the index's documents): no word has it.
FIELDS = " | "
# Up to this many letters a search word matches whole words only.
WHOLE_WORD_UP_TO = 3
# One typo is forgiven in words this long or longer.
TYPO_FROM = 5
_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöé"


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        letter = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c)
        )
        if base and base != letter:
            table[code] = base
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """The text without diacritics: "äldreomsorg" → "aldreomsorg"."""
    return text.translate(_FOLD)


def stems(text: str) -> list[str]:
    return _stemmer.stemWords(WORD.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class Term:
    """One word of a search as the index looks for it."""

    stem: str
    whole: bool  # only a whole word (a short search word), not the start of one
    folded: bool  # typed without diacritics: matched against the words without theirs


def term(word: str) -> Term | None:
    """How a search word (lower case) is looked for; None for a word too short to search."""
    stem = _stemmer.stemWord(word)
    if len(stem) <= 1:
        return None
    folded = word.isascii()
    return Term(fold(stem) if folded else stem, len(word) <= WHOLE_WORD_UP_TO, folded)


def query_words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def query_terms(text: str) -> list[Term]:
    """The terms a search for `text` looks for; every one must match."""
    return [found for word in query_words(text) if (found := term(word)) is not None]


def one_typo_away(word: str) -> list[str]:
    """Every word one edit from `word`: a letter left out, added, changed or two swapped."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {left + right[1:] for left, right in splits if right}
    edits |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    edits |= {left + c + right[1:] for left, right in splits if right for c in _LETTERS}
    edits |= {left + c + right for left, right in splits for c in _LETTERS}
    edits.discard(word)
    return sorted(edits)


def _weighted_texts(activity: Activity) -> tuple[str, str, str]:
    """(A, B, C): the title weighs most, then summary and organisers, then everything else. The
    English title and summary weigh as the Swedish ones: English content is searched the same way."""
    organisers = [
        activity.organisation.name,
        *(co.display_name for co in activity.co_organisers.all()),
    ]
    place = [activity.municipality.name if activity.municipality_id else "", activity.venue]
    return (
        " ".join([activity.title, activity.title_en]),
        " ".join([activity.summary, activity.summary_en, *organisers]),
        " ".join(
            [
                activity.description,
                str(_TYPE_LABELS.get(activity.type, activity.type)),
                *place,
                activity.description_en,
            ]
        ),
    )


# One statement per batch on PostgreSQL: the same vectors SearchVector builds, for many rows at once.
# The rows come as four arrays, so the statement has four parameters however long the batch is.
_PG_UPDATE = f"""
UPDATE {Activity._meta.db_table} AS activity SET search_document =
    setweight(to_tsvector('{CONFIG}', parts.a), 'A')
    || setweight(to_tsvector('{CONFIG}', parts.b), 'B')
    || setweight(to_tsvector('{CONFIG}', parts.c), 'C')
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS parts (id, a, b, c)
WHERE activity.id = parts.id
"""  # noqa: S608 (constants only; the values are parameters)


def index_activities(activities: Iterable[Activity]) -> None:
    """(Re)write the search index for these activities: organisation, municipality and
    co-organisers (with their organisations) are read from them, so select and prefetch them."""
    activities = list(activities)
    if not activities:
        return
    if connection.vendor == "postgresql":
        texts = [_weighted_texts(a) for a in activities]
        columns = [[a.pk for a in activities], *map(list, zip(*texts, strict=True))]
        with connection.cursor() as cursor:
            cursor.execute(_PG_UPDATE, columns)
    elif connection.vendor == "sqlite":
        rows = [
            (a.pk, FIELDS.join(" ".join(stems(text)) for text in _weighted_texts(a)))
            for a in activities
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM activities_search WHERE rowid = %s", [(pk,) for pk, _ in rows]
            )
            cursor.executemany(
                "INSERT INTO activities_search (rowid, content) VALUES (%s, %s)", rows
            )


def index_all(batch: int = 1000) -> int:
    """Rebuild the whole index, a batch at a time in key order; returns how many it covered."""
    queryset = (
        Activity.objects.select_related("organisation", "municipality")
        .prefetch_related("co_organisers__organisation")
        .only(
            "title",
            "summary",
            "description",
            "type",
            "venue",
            "title_en",
            "summary_en",
            "description_en",
            "organisation__name",
            "municipality__name",
        )
        .order_by("pk")
    )
    done, last = 0, 0
    while chunk := list(queryset.filter(pk__gt=last)[:batch]):
        index_activities(chunk)
        done += len(chunk)
        last = chunk[-1].pk
    return done


def _pg_words(weight: str) -> Func:
    """The lexemes of one weight of the tsvector, space-separated."""
    return Func(
        Func(
            Func(F("search_document"), Value(f"{{{weight}}}"), function="ts_filter"),
            function="tsvector_to_array",
        ),
        Value(" "),
        function="array_to_string",
        output_field=TextField(),
    )


def documents(activities: QuerySet[Activity]) -> dict[int, tuple[str, str, str]]:
    """Each activity's search document as its stemmed words in three weights (title; summary and
    organisers; the rest), each space-separated, for matching in memory (veckan.program.index)."""
    if connection.vendor == "postgresql":
        rows = activities.annotate(a=_pg_words("a"), b=_pg_words("b"), c=_pg_words("c"))
        return {
            pk: (a or "", b or "", c or "") for pk, a, b, c in rows.values_list("pk", "a", "b", "c")
        }
    subquery, params = activities.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, content FROM activities_search WHERE rowid IN ({subquery})",  # noqa: S608
            params,
        )
        found = {}
        for pk, content in cursor.fetchall():
            parts = content.split(FIELDS)
            # Written before the weights were kept apart: all of it counts as "the rest" until
            # rebuild_search_index writes it again.
            found[pk] = tuple(parts) if len(parts) == 3 else ("", "", content)
        return found
