"""Free-text search over activities, with Swedish stemming, on PostgreSQL and on SQLite.

PostgreSQL: a tsvector column built with the `swedish` text-search configuration, behind a GIN index.
SQLite: an FTS5 table whose text is stemmed here with Snowball's Swedish stemmer (the same algorithm
PostgreSQL uses) and tokenised with remove_diacritics 0, so å, ä and ö stay letters of their own.
Both are written by index_activities() whenever an activity or its parts are saved.
"""

import re
from collections.abc import Iterable

import Stemmer
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import QuerySet, Value
from django.db.models.expressions import RawSQL

from veckan.activities.models import Activity

CONFIG = "swedish"
WORD = re.compile(r"\w+")
_stemmer = Stemmer.Stemmer("swedish")


def stems(text: str) -> list[str]:
    return _stemmer.stemWords(WORD.findall(text.lower()))


def _weighted_texts(activity: Activity) -> tuple[str, str, str]:
    """(A, B, C): the title weighs most, then summary and organisers, then everything else."""
    organisers = [
        activity.organisation.name,
        *(co.display_name for co in activity.co_organisers.all()),
    ]
    place = [activity.municipality.name if activity.municipality_id else "", activity.venue]
    return (
        activity.title,
        " ".join([activity.summary, *organisers]),
        " ".join(
            [
                activity.description,
                activity.get_type_display(),
                *place,
                activity.title_en,
                activity.summary_en,
                activity.description_en,
            ]
        ),
    )


def index_activities(activities: Iterable[Activity]) -> None:
    """(Re)write the search index for these activities."""
    if connection.vendor == "postgresql":
        for activity in activities:
            a, b, c = _weighted_texts(activity)
            Activity.objects.filter(pk=activity.pk).update(
                search_document=SearchVector(Value(a), weight="A", config=CONFIG)
                + SearchVector(Value(b), weight="B", config=CONFIG)
                + SearchVector(Value(c), weight="C", config=CONFIG)
            )
    elif connection.vendor == "sqlite":
        rows = [(a.pk, " ".join(stems(" ".join(_weighted_texts(a))))) for a in activities]
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM activities_search WHERE rowid = %s", [(pk,) for pk, _ in rows]
            )
            cursor.executemany(
                "INSERT INTO activities_search (rowid, content) VALUES (%s, %s)", rows
            )


def index_all(batch: int = 500) -> int:
    """Rebuild the whole index; returns how many activities it covered."""
    queryset = Activity.objects.select_related("organisation", "municipality").prefetch_related(
        "co_organisers__organisation"
    )
    done = 0
    for start in range(0, queryset.count(), batch):
        chunk = list(queryset.order_by("pk")[start : start + batch])
        index_activities(chunk)
        done += len(chunk)
    return done


def search(queryset: QuerySet[Activity], text: str) -> QuerySet[Activity]:
    """Activities matching every word of `text`, each stemmed and as a prefix, so "innovation" also
    finds "innovationsarbete". The same rule on both databases, so both give the same answers."""
    words = [word for word in stems(text) if len(word) > 1]
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # Lexemes are \w+ only, so quoting them keeps tsquery syntax out.
        query = " & ".join(f"'{word}':*" for word in words)
        return queryset.filter(search_document=SearchQuery(query, config=CONFIG, search_type="raw"))
    # Quoted, a stem is a term to FTS5, never query syntax; the statement itself is constant.
    match = " AND ".join(f'"{word}"*' for word in words)
    return queryset.filter(
        pk__in=RawSQL(
            "SELECT rowid FROM activities_search WHERE activities_search MATCH %s", [match]
        )
    )
