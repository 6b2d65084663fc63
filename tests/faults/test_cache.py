"""Issue 21, line 2: a real Redis (redis-server on 127.0.0.1) stopped while people use the site.

Pages, sign-up, voting and login keep answering; /health/?full=1 says the cache is down; when Redis
comes back caching resumes by itself. The rate limit's rule (veckan/lib/ratelimit.py): forms that
send email fail closed (counted in this process instead), reading pages fail open.
"""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.awards.test_awards import make_nomination
from tests.factories import make_signup_activity
from veckan.awards.models import Award, Vote
from veckan.lib import ratelimit
from veckan.lib.cache import strict
from veckan.signups.models import SignUp

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server not installed"),
]

PORT = 63821


def _wait_for_port(up: bool, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            if up:
                return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise AssertionError(f"redis on {PORT} did not go {'up' if up else 'down'}")


class Redis:
    def __init__(self):
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(up=True)

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=5)
            self.process = None
        _wait_for_port(up=False)


@pytest.fixture
def redis():
    server = Redis()
    server.start()
    caches = {
        "default": {
            "BACKEND": "veckan.lib.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{PORT}/0",
        }
    }
    try:
        with override_settings(CACHES=caches):
            yield server
    finally:
        server.stop()


def test_with_redis_stopped_everything_answers_and_health_says_so(client, redis, organisation):
    activity = make_signup_activity(organisation, capacity=10, title="Fika utan cache")
    now = activity.starts_at
    award = Award.objects.create(
        edition=activity.edition,
        nominations_open=now.replace(year=now.year - 1),
        nominations_close=now.replace(year=now.year - 1),
        vote_open=now.replace(year=now.year - 2),
        vote_close=now.replace(year=now.year + 1),
    )
    finalist = make_nomination(award, organisation, status="shortlisted", name="Finalisten")
    assert client.get("/health/?full=1").json()["cache"] == "ok"

    redis.stop()
    started = time.monotonic()
    assert client.get("/").status_code == 200
    assert client.get(f"/aktivitet/{activity.slug}/").status_code == 200
    response = client.post(
        f"/aktivitet/{activity.slug}/anmal/",
        {"name": "Anna Andersson", "email": "anna@example.se", "organisation": ""},
    )
    assert response.status_code == 302, response.status_code
    assert SignUp.objects.filter(email="anna@example.se").exists()
    response = client.post("/pris/rosta/", {"nomination": finalist.pk, "email": "v@example.se"})
    assert response.status_code == 302
    assert Vote.objects.filter(email="v@example.se").exists()
    response = client.post("/konto/login/", {"login": "x@example.se", "password": "fel"})
    assert response.status_code == 200, response.status_code  # the form: wrong login
    health = client.get("/health/?full=1")
    assert health.status_code == 200
    assert health.json()["cache"].startswith("down")
    assert health.json()["database"] == "ok"
    assert time.monotonic() - started < 20

    redis.start()
    cache.set("back", "yes")
    assert cache.get("back") == "yes"  # no restart: the next call reconnects
    assert client.get("/health/?full=1").json()["cache"] == "ok"


def test_rate_limit_rule_when_the_cache_is_down(redis):
    strict(cache).set("x", 1)  # Redis answers before it stops
    redis.stop()
    # Fail closed for a form that sends email: the limit still holds, counted in this process.
    assert [ratelimit.hit("mail-form", limit=2, window_seconds=60) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    # Fail open for reading pages.
    assert all(ratelimit.hit("read", limit=1, window_seconds=60, fail_open=True) for _ in range(5))
