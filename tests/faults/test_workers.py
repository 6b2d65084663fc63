"""Issue 21, line 4: a gunicorn worker killed with SIGKILL in the middle of sign-ups.

Many people sign up at once for an activity with few seats, on gunicorn with several workers and
PostgreSQL (the fault tests' own cluster, tests/faults/servers.py). Twice during the burst a worker
that is inside a sign-up's transaction (PostgreSQL says which) is killed. A request it was answering
gets no answer; its transaction dies with its connection. Each person whose request was cut tries
again. Afterwards: nobody lost and nobody twice, exactly as many seats taken as there are, the
waiting list in the order people came, and gunicorn has replaced the workers and serves again.
"""

import os
import queue
import signal
import threading
import time

import psutil
import pytest
from django.db import connection

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

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks across workers are PostgreSQL's"
    ),
]

DATABASE = "workers_killed"
PEOPLE = 48
CAPACITY = 7
WORKERS = 3


def _worker_in_a_transaction(cluster, server, deadline: float) -> psutil.Process | None:
    """A worker whose database connection is inside a transaction right now: PostgreSQL names the
    client port of each backend, and the worker holds that port."""
    while time.monotonic() < deadline:
        with cluster.connect() as admin:
            ports = {
                port
                for (port,) in admin.execute(
                    "SELECT client_port FROM pg_stat_activity "
                    "WHERE datname = %s AND xact_start IS NOT NULL",
                    [DATABASE],
                ).fetchall()
            }
        for worker in server.workers():
            try:
                if any(c.laddr.port in ports for c in worker.net_connections(kind="tcp")):
                    return worker
            except psutil.Error:
                continue
        time.sleep(0.005)
    return None


def test_a_worker_killed_mid_sign_up_loses_and_duplicates_nobody(cluster, tmp_path):
    url = cluster.create_database(DATABASE, template=cluster.template)
    activity = seed_activity(url, capacity=CAPACITY)
    server = Gunicorn(app_environment(url), workers=WORKERS, log=tmp_path / "gunicorn.log")
    try:
        _kill_during_the_burst(cluster, server, activity)
    finally:
        server.stop()


def _kill_during_the_burst(cluster, server, activity):
    emails = [f"person{n:02d}@example.se" for n in range(PEOPLE)]
    todo: queue.Queue[str] = queue.Queue()
    for email in emails:
        todo.put(email)
    answers: dict[str, list] = {email: [] for email in emails}
    answered = threading.Semaphore(0)

    def person() -> None:
        while True:
            try:
                email = todo.get_nowait()
            except queue.Empty:
                return
            try:
                answers[email].append(sign_up(server.port, activity["slug"], email, timeout=20))
            except CUT as error:
                answers[email].append(error)
            answered.release()

    killed: list[tuple[int, bool]] = []  # pid, caught inside a transaction
    people = [threading.Thread(target=person, daemon=True) for _ in range(8)]
    started = time.monotonic()
    for thread in people:
        thread.start()
    for after in (8, 16):  # answers before each kill: the first early, the second mid-burst
        for _ in range(after):
            answered.acquire(timeout=30)
        victim = _worker_in_a_transaction(cluster, server, deadline=time.monotonic() + 5)
        inside = victim is not None
        victim = victim or server.workers()[0]
        os.kill(victim.pid, signal.SIGKILL)
        killed.append((victim.pid, inside))
    for thread in people:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in people)
    assert time.monotonic() - started < 60
    assert any(inside for _, inside in killed), "no kill landed inside a sign-up"

    # Everyone whose attempt was cut tries again:
    # the same address never makes a second sign-up.
    cut = [email for email in emails if not signed_up(answers[email][-1])]
    for email in cut:
        for _ in range(3):
            try:
                answer = sign_up(server.port, activity["slug"], email, timeout=20)
            except CUT as error:
                answer = error
            answers[email].append(answer)
            if signed_up(answer):
                break
    unanswered = [email for email in emails if not signed_up(answers[email][-1])]
    assert not unanswered, [answers[email] for email in unanswered[:3]]
    for attempts in answers.values():
        for answer in attempts:
            if hasattr(answer, "status"):
                assert answer.status == 302, (answer.status, server.log_text())

    # gunicorn replaced the killed workers and every worker serves.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(server.workers()) < WORKERS:
        time.sleep(0.2)
    pids = {worker.pid for worker in server.workers()}
    assert len(pids) == WORKERS
    assert not pids & {pid for pid, _ in killed}
    assert request(server.port, "GET", f"/aktivitet/{activity['slug']}/").status == 200

    rows = rows_of(cluster, DATABASE, activity["id"])
    # Nobody lost, nobody twice.
    assert sorted(row["email"] for row in rows) == emails
    # The seats exact, then the waiting list in the order people came (the clock is read with the
    # activity locked, so the order of created_at is the order of the lock, as is the order of ids).
    assert [row["status"] for row in rows] == ["held"] * CAPACITY + ["waiting"] * (
        PEOPLE - CAPACITY
    )
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
    times = [row["created_at"] for row in rows]
    assert times == sorted(set(times))
    # Each sign-up whole: its confirmation email written with it.
    assert all(row["confirmations"] >= 1 for row in rows)
