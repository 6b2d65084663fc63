"""Saving the demo's rows in bulk, with keys and times given by hand, as loaddata would."""

from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, models

BATCH_SIZE = 1000


def prefetched(instance: models.Model, **relations: tuple[type[models.Model], list]) -> None:
    """Fill the instance's prefetch cache with rows made in memory, as prefetch_related fills it
    from the database, so reading `instance.<relation>.all()` needs no query."""
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is None:
        cache = instance._prefetched_objects_cache = {}
    for name, (model, rows) in relations.items():
        queryset = model._base_manager.all()
        queryset._result_cache, queryset._prefetch_done = list(rows), True
        cache[name] = queryset


def insert_rows(objs: list[models.Model]) -> None:
    """INSERT saved-to-be instances whose keys are given, many rows to a statement: as bulk_create
    does, but an activity's search vector is left out so PostgreSQL gets one array per column
    (bulk_create falls back to a placeholder per value for it, many times slower)."""
    model = type(objs[0])
    known = connection.data_types  # not a search vector: left empty, written by the index
    fields = [
        f
        for f in model._meta.concrete_fields
        if (f.target_field if f.is_relation else f).get_internal_type() in known
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH_SIZE):
            rows = [
                [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                for obj in objs[start : start + BATCH_SIZE]
            ]
            if connection.vendor == "postgresql":
                types = ", ".join(f"%s::{f.db_type(connection).split('(')[0]}[]" for f in fields)
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({types})",  # noqa: S608
                    [list(column) for column in zip(*rows, strict=True)],
                )
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                    rows,
                )
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias


def reset_sequences(*models_: type[models.Model]) -> None:
    """Move the databases' key sequences on past keys given by hand (as loaddata does)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@contextmanager
def stamped_by_hand(model: type[models.Model], *names: str):
    """Let bulk_create keep the times we give auto_now(_add) fields: the demo's history happened
    before the day it was seeded."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
