from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from veckan.revisions.models import PROGRAM, Change, Revision

# A server further behind than this many revisions reads the whole program again.
KEPT = 5_000


@dataclass(frozen=True, slots=True)
class Current:
    number: int
    changed_at: datetime | None


def current() -> Current:
    """The program's revision: one row by its primary key."""
    row = Revision.objects.filter(pk=PROGRAM).values_list("number", "changed_at").first()
    return Current(*row) if row else Current(0, None)


def record_change(
    *,
    activities: Iterable[int] = (),
    organisations: Iterable[int] = (),
    everything: bool = False,
) -> int:
    """Move the program's revision, saying what changed (pks); returns the new number.

    Call it inside the transaction that makes the change: the row stays locked until that commits,
    so a later revision never becomes visible before an earlier one."""
    now = timezone.now()
    with transaction.atomic():
        moved = Revision.objects.filter(pk=PROGRAM).update(number=F("number") + 1, changed_at=now)
        if not moved:
            # A database made before the migration's row (a test that flushed it).
            Revision.objects.create(pk=PROGRAM, number=1, changed_at=now)
        number = Revision.objects.values_list("number", flat=True).get(pk=PROGRAM)
        changes = [Change(revision=number, activity_id=pk) for pk in set(activities)]
        changes += [Change(revision=number, organisation_id=pk) for pk in set(organisations)]
        if everything or not changes:
            changes.append(Change(revision=number, everything=True))
        Change.objects.bulk_create(changes)
        if number % 500 == 0:
            Change.objects.filter(revision__lte=number - KEPT).delete()
    return number


@dataclass(frozen=True, slots=True)
class Since:
    activities: set[int]
    organisations: set[int]
    everything: bool


def changes_since(number: int, until: int) -> Since:
    """What changed after revision `number` up to `until`: everything, if that is no longer known."""
    rows = Change.objects.filter(revision__gt=number, revision__lte=until)
    oldest = Change.objects.aggregate(oldest=Min("revision"))["oldest"]
    if oldest is None or oldest > number + 1:
        return Since(set(), set(), True)
    activities, organisations, everything = set(), set(), False
    for activity, organisation, all_of_it in rows.values_list(
        "activity_id", "organisation_id", "everything"
    ):
        everything |= all_of_it
        if activity is not None:
            activities.add(activity)
        if organisation is not None:
            organisations.add(organisation)
    return Since(activities, organisations, everything)


def unchanged_since(
    number: int, *, activities: Iterable[int] = (), organisations: Iterable[int] = ()
) -> tuple[bool, int]:
    """Whether nothing after revision `number` changed these activities or organisations (or
    everything), and the revision now: one query, of the revision row with an EXISTS over the
    changes after `number` (a kept page asks it on every request, so it is written out rather
    than built by the ORM each time). A revision older than the changes kept counts as changed."""
    activities, organisations = list(activities), list(organisations)
    with connection.cursor() as cursor:
        cursor.execute(
            _unchanged_sql(len(activities), len(organisations)),
            [number, *activities, *organisations, PROGRAM],
        )
        row = cursor.fetchone()
    if row is None:
        return number == 0, 0
    now, changed, oldest = row
    if now == number:
        return True, now
    if now < number:  # the database was restored from before: nothing kept can be trusted
        return False, now
    known = oldest is not None and oldest <= number + 1
    return known and not changed, now


@cache
def _unchanged_sql(activities: int, organisations: int) -> str:
    revision, change = (connection.ops.quote_name(m._meta.db_table) for m in (Revision, Change))
    named = ["c.everything"]
    if activities:
        named.append(f"c.activity_id IN ({', '.join(['%s'] * activities)})")
    if organisations:
        named.append(f"c.organisation_id IN ({', '.join(['%s'] * organisations)})")
    # Only the models' own table names go into the text; the values are parameters.
    return (
        f"SELECT r.number, EXISTS (SELECT 1 FROM {change} c WHERE c.revision > %s"  # noqa: S608
        f" AND c.revision <= r.number AND ({' OR '.join(named)})),"
        f" (SELECT MIN(revision) FROM {change}) FROM {revision} r WHERE r.id = %s"
    )
