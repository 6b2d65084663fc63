"""Issue 21, line 3: PostgreSQL restarted while people use the site.

A request that needs the database while it is away answers 503 with a page that says to try again
(veckan/lib/unavailable.py), never a 500 or a traceback; every server reconnects by itself within
seconds (CONN_HEALTH_CHECKS), and no sign-up is half-written. The restart is of a throwaway cluster
of the test's own (tests/faults/servers.py): the shared server is never restarted.
"""

import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from tests.faults.servers import (
    CUT,
    Gunicorn,
    app_environment,
    request,
    seed_activity,
    sign_up,
    signed_up,
)
from tests.faults.servers import signup_rows as rows_of
from veckan.editions.models import Edition

UNAVAILABLE = "Tillfälligt otillgängligt"


# --- the 503 page, on any database -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_view_that_cannot_reach_the_database_answers_503(client, error):
    with mock.patch.object(type(Edition.objects), "current", side_effect=error("gone")):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert UNAVAILABLE in text
    assert "Traceback" not in text
    assert 'href="/"' in text  # the site's layout, with its way home


@pytest.mark.django_db
def test_the_503_page_is_in_english_under_en(client):
    with mock.patch.object(type(Edition.objects), "current", side_effect=OperationalError("x")):
        response = client.get("/en/")
    assert response.status_code == 503
    text = response.content.decode()
    assert '<html lang="en"' in text
    assert "Temporarily unavailable" in text


@pytest.mark.django_db
def test_the_503_page_itself_never_reads_the_database(rf, django_assert_num_queries):
    from veckan.lib.unavailable import database_unavailable

    with django_assert_num_queries(0):
        response = database_unavailable(rf.get("/program/"))
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


@pytest.mark.django_db
def test_the_database_failing_in_a_middleware_answers_503_too(owner):
    # A signed-in request: a middleware reads the session before any view runs.
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=OperationalError("the database system is shutting down"),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


@pytest.mark.django_db
def test_other_errors_still_answer_the_plain_500_page():
    client = Client(raise_request_exception=False)
    with mock.patch.object(type(Edition.objects), "current", side_effect=ValueError("a bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


def test_postgresql_connections_are_checked_before_reuse():
    database = settings.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    if database["ENGINE"] != "django.db.backends.sqlite3":
        assert database["CONN_MAX_AGE"] > 0


# --- a real restart under load -----------------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the restart is PostgreSQL's (on its own cluster)"
)
def test_postgresql_restarted_under_load(cluster, tmp_path):
    url = cluster.create_database("restart_under_load", template=cluster.template)
    activity = seed_activity(url, capacity=1000)
    server = Gunicorn(app_environment(url), workers=2, log=tmp_path / "gunicorn.log")
    try:
        _run_restart_under_load(cluster, server, activity)
    finally:
        server.stop()


def _run_restart_under_load(cluster, server, activity):
    answers: list[tuple[float, str, str, object]] = []  # started, what, email, Answer or error
    stop = threading.Event()
    page = f"/aktivitet/{activity['slug']}/"

    def load(n: int) -> None:
        for i in range(100_000):
            if stop.is_set():
                return
            email = f"p{n}-{i}@example.se"
            for what, call, args in (
                ("sign-up", sign_up, (server.port, activity["slug"], email)),
                ("page", request, (server.port, "GET", page)),
            ):
                started = time.monotonic()
                try:
                    answers.append((started, what, email, call(*args, timeout=10)))
                except CUT as error:
                    answers.append((started, what, email, error))

    workers_before = sorted(w.pid for w in server.workers())
    threads = [threading.Thread(target=load, args=(n,), daemon=True) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)
        cluster.restart()  # fast: connections cut, transactions in flight rolled back
        time.sleep(1.5)
        # A restart with the database away for a moment longer, so some requests surely meet it.
        cluster._ctl("stop", "-m", "fast")
        time.sleep(1.0)
        cluster.start()
        back = time.monotonic()
        time.sleep(6.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    cut = [a for a in answers if not hasattr(a[3], "status")]
    assert not cut, f"requests without an answer: {cut[:3]}"
    statuses = {a[3].status for a in answers}
    assert statuses <= {200, 302, 503}, (statuses, server.log_text())
    assert not [a for a in answers if "Traceback" in a[3].body]
    unavailable = [a[3] for a in answers if a[3].status == 503]
    assert unavailable, "no request met the database away"
    for answer in unavailable:
        assert UNAVAILABLE in answer.body
        assert answer.headers["retry-after"] == "5"
    # Within seconds of the database coming back, everything answers again: same workers, no
    # restart of the server.
    settled = [a for a in answers if a[0] >= back + 3.0]
    assert len(settled) >= 10
    assert all(a[3].status in (200, 302) for a in settled), [a[3].status for a in settled]
    assert sorted(w.pid for w in server.workers()) == workers_before
    first_ok = min(a[0] for a in answers if a[0] >= back and a[3].status in (200, 302))
    assert first_ok - back < 3.0
    with cluster.connect() as admin:
        (connected,) = admin.execute(
            "SELECT count(DISTINCT client_port) FROM pg_stat_activity WHERE datname = %s",
            ["restart_under_load"],
        ).fetchone()
    assert connected == 2  # both workers reconnected by themselves

    # No sign-up is half-written: each row has its confirmation email, each email its row; every
    # sign-up answered with the receipt is there.
    rows = rows_of(cluster, "restart_under_load", activity["id"])
    assert rows
    assert all(row["confirmations"] >= 1 for row in rows)
    with cluster.connect("restart_under_load") as db:
        (orphans,) = db.execute(
            "SELECT count(*) FROM outbox_outboxmessage o WHERE NOT EXISTS "
            "(SELECT 1 FROM signups_signup s WHERE o.body LIKE '%%' || s.token || '%%')"
        ).fetchone()
    assert orphans == 0
    received = {a[2] for a in answers if a[1] == "sign-up" and signed_up(a[3])}
    assert received <= {row["email"] for row in rows}
    assert len({row["email"] for row in rows}) == len(rows)


@pytest.mark.django_db
def test_the_api_answers_503_in_json(client):
    with mock.patch.object(
        type(Edition.objects), "prefetch_related", side_effect=OperationalError("gone")
    ):
        response = client.get("/api/v1/editions")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "detail": "Databasen går inte att nå just nu. Försök igen om en stund."
    }
