"""Free-text search over activities, with Swedish stemming, on PostgreSQL and on SQLite: each
activity's stemmed words, which the program's index (veckan.program.index) matches a search's stems
against, each as the start of a word, so "innovation" also finds "innovationsarbete".

PostgreSQL: a tsvector column built with the `swedish` text-search configuration.
SQLite: an FTS5 table whose text is stemmed here with Snowball's Swedish stemmer (the same algorithm
PostgreSQL uses) and tokenised with remove_diacritics 0, so å, ä and ö stay letters of their own.
Both are written by index_activities() whenever an activity or its parts are saved.
"""

import re
from collections.abc import Iterable

import Stemmer
from django.db import connection
from django.db.models import F, Func, QuerySet, TextField, Value

from veckan.activities.models import Activity, ActivityType

CONFIG = "swedish"
WORD = re.compile(r"\w+")
_stemmer = Stemmer.Stemmer("swedish")
# As get_type_display(), in the active language, without building the choices on every call.
_TYPE_LABELS = dict(ActivityType.choices)


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
                str(_TYPE_LABELS.get(activity.type, activity.type)),
                *place,
                activity.title_en,
                activity.summary_en,
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
        rows = [(a.pk, " ".join(stems(" ".join(_weighted_texts(a))))) for a in activities]
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


def query_stems(text: str) -> list[str]:
    """The stems a search for `text` looks for, each as the start of a word."""
    return [word for word in stems(text) if len(word) > 1]


def documents(activities: QuerySet[Activity]) -> dict[int, str]:
    """Each activity's search document as its stemmed words, space-separated, for matching in
    memory (veckan.program.index)."""
    if connection.vendor == "postgresql":
        words = Func(
            Func(F("search_document"), function="tsvector_to_array"),
            Value(" "),
            function="array_to_string",
            output_field=TextField(),
        )
        return dict(activities.annotate(words=words).values_list("pk", "words"))
    subquery, params = activities.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, content FROM activities_search WHERE rowid IN ({subquery})",  # noqa: S608
            params,
        )
        return dict(cursor.fetchall())
