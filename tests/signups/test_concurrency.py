"""Proof on PostgreSQL: many people signing up and cancelling at the same moment, each over a real
database connection of its own (as on several app servers), never overbook and keep the queue order.
`make test` runs this on CI's PostgreSQL; on SQLite it is skipped (SQLite has one writer anyway)."""

import threading

import pytest
from django.db import connection

from tests.factories import make_signup_activity
from veckan.signups import services
from veckan.signups.models import SignUp

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="locking is proven on PostgreSQL"),
]


def all_at_once(work, count: int) -> list[Exception]:
    """Run work(n) for n in range(count) in threads released together; return what they raised."""
    barrier = threading.Barrier(count)
    errors: list[Exception] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_fifty_concurrent_sign_ups_take_exactly_ten_seats(organisation):
    activity = make_signup_activity(organisation, capacity=10)

    errors = all_at_once(
        lambda n: services.sign_up(activity=activity, name=f"Person {n}", email=f"p{n}@example.se"),
        50,
    )

    assert errors == []
    rows = list(SignUp.objects.filter(activity=activity).order_by("created_at", "pk"))
    assert len(rows) == 50
    assert [r.status for r in rows] == [SignUp.Status.HELD] * 10 + [SignUp.Status.WAITING] * 40
    # Arrival order is the order the lock was granted: the same by time and by insertion.
    assert [r.pk for r in rows] == sorted(r.pk for r in rows)


def test_concurrent_cancellations_promote_exactly_as_many_as_left(organisation):
    activity = make_signup_activity(organisation, capacity=10)
    signups = [
        services.sign_up(activity=activity, name=f"Person {n}", email=f"p{n}@example.se")
        for n in range(30)
    ]
    for signup in signups:
        services.confirm(signup=signup)
    seated, waiting = signups[:10], signups[10:]

    errors = all_at_once(lambda n: services.cancel(signup=seated[n]), 6)

    assert errors == []
    assert SignUp.objects.filter(activity=activity).with_seat().count() == 10
    promoted = SignUp.objects.filter(activity=activity, promoted_at__isnull=False).order_by("pk")
    assert [s.pk for s in promoted] == [s.pk for s in waiting[:6]]
    assert all(s.status == SignUp.Status.CONFIRMED for s in promoted)
    assert SignUp.objects.filter(activity=activity, status=SignUp.Status.CANCELLED).count() == 6
    assert list(
        SignUp.objects.filter(activity=activity).waiting().values_list("pk", flat=True)
    ) == [s.pk for s in waiting[6:]]


def test_concurrent_sign_ups_to_a_series_take_exactly_each_occasions_seats(organisation):
    from tests.factories import make_occasion

    activity = make_signup_activity(organisation, capacity=5)
    monday, tuesday = make_occasion(activity, day=0), make_occasion(activity, day=1)
    occasions = [monday, tuesday]

    errors = all_at_once(
        lambda n: services.sign_up(
            activity=activity,
            occasion=occasions[n % 2],
            name=f"Person {n}",
            email=f"p{n}@example.se",
        ),
        30,
    )

    assert errors == []
    for occasion in occasions:
        rows = list(SignUp.objects.filter(occasion=occasion).order_by("created_at", "pk"))
        assert len(rows) == 15
        assert [r.status for r in rows] == [SignUp.Status.HELD] * 5 + [SignUp.Status.WAITING] * 10
