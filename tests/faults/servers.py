"""Real components for the fault tests, on 127.0.0.1 and bounded in time: a throwaway PostgreSQL
cluster of the test's own (initdb + pg_ctl; the shared server is never restarted), gunicorn with the
production settings pointed at it, and a client that signs up as a browser behind the TLS proxy would
(the form's page for its CSRF token, then the form, each attempt from an address of its own)."""

import glob
import http.client
import itertools
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent.parent


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version, reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _version(path: str) -> int:
    match = re.search(r"/postgresql/(\d+)/", path)
    return int(match.group(1)) if match else 0


def _run_as() -> list[str] | None:
    """What runs initdb and pg_ctl: they refuse root, so as root they run as `postgres`."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    runuser = shutil.which("runuser")
    return [runuser, "-u", "postgres", "--"] if runuser else None


POSTGRES_BIN = _postgres_bin()
RUN_AS = _run_as()
CLUSTER_MISSING = (
    "PostgreSQL's initdb/pg_ctl are not installed"
    if POSTGRES_BIN is None
    else "initdb refuses root and there is no postgres user to run it as"
    if RUN_AS is None
    else ""
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary directory, on a port of its own, with no Unix socket.
    fsync is off: it is thrown away, and a fast restart still shuts down cleanly."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="veckan-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        self._ctl_run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
            timeout=60,
        )

    def _ctl_run(self, program: str, *args: str, timeout: float) -> None:
        finished = subprocess.run(
            [*RUN_AS, str(POSTGRES_BIN / program), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if finished.returncode != 0:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise AssertionError(f"{program} {args[:1]} failed: {finished.stderr[-2000:]}\n{log}")

    def _ctl(self, *args: str, timeout: float = 30) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -F "
            "-c max_connections=50"
        )
        self._ctl_run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            str(int(timeout)),
            "-o",
            options,
            *args,
            timeout=timeout + 10,
        )

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        """A fast restart: connections are cut, transactions in flight rolled back."""
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        with suppress(Exception):
            self._ctl("stop", "-m", "immediate", timeout=20)
        shutil.rmtree(self.directory, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def connect(self, name: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(name), autocommit=True, connect_timeout=5)

    def create_database(self, name: str, template: str | None = None) -> str:
        with self.connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(
                f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
            )
        return self.url(name)


def app_environment(database_url: str) -> dict[str, str]:
    """The production settings (as `make bench` runs them): SECRET_KEY set, DEBUG off, behind a
    TLS proxy, the database cache; the one database the test gave."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "EMAIL_HOST"}
        and not key.startswith("PYTEST")
    }
    return env | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "fault-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "1",
        "SITE_URL": "https://127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "veckan.settings",
    }


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    finished = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-3000:]
    return finished.stdout


# Run in a subprocess against the cluster's database: one organisation, one activity open for
# sign-up with `capacity` seats. Prints the activity's id and slug.
_SEED = """
import django, json, sys
django.setup()
from tests.factories import make_organisation, make_signup_activity
activity = make_signup_activity(make_organisation(name="Felby kommun"), capacity=int(sys.argv[1]),
                                title="Fika när det brinner")
print(json.dumps({"id": activity.pk, "slug": activity.slug}))
"""


def collect_production_static(env: dict[str, str]) -> None:
    """The static files as production serves them, from the manifest collectstatic writes (`make
    setup` collects them for development, without one). Before any server starts: a server that
    reads the manifest while it is being written keeps it incomplete and answers 500."""
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v", "0")


def prepare_template(cluster: Cluster, name: str = "veckan_template") -> str:
    """A migrated database with its cache table, to copy for each test (migrating takes seconds)."""
    env = app_environment(cluster.create_database(name))
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    collect_production_static(env)
    return name


def seed_activity(database_url: str, capacity: int) -> dict:
    finished = subprocess.run(
        [sys.executable, "-c", _SEED, str(capacity)],
        cwd=ROOT,
        env=app_environment(database_url),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


class Gunicorn:
    """gunicorn with sync workers on a free port, as production runs it."""

    def __init__(self, env: dict[str, str], workers: int, log: Path, *, wait: bool = True):
        """Start it with `env` (app_environment() for a test database); `wait=False` returns at
        once, for a caller that makes the database while the server starts."""
        self.port = free_port()
        self.workers_wanted = workers
        self.log_path = log
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "veckan.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        if wait:
            self.wait_until_ready()

    def wait_until_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn stopped: {self.log_text()}"
            with suppress(OSError):
                if (
                    request(self.port, "GET", "/health/", timeout=2).status == 200
                    and len(self.workers()) >= self.workers_wanted
                ):
                    return
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer in {seconds} s: {self.log_text()}")

    def workers(self) -> list[psutil.Process]:
        with suppress(psutil.Error):
            return psutil.Process(self.process.pid).children()
        return []

    def log_text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.log.close()


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str]

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


_addresses = itertools.count(1)


def _client_address() -> str:
    number = next(_addresses)
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 15,
) -> Answer:
    """One request as through the TLS proxy. Raises OSError (or http.client's errors) when the
    connection is cut before an answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            method,
            path,
            body=body,
            headers={
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": _client_address(),
                "User-Agent": "Mozilla/5.0 veckan-fault-test",
                **(headers or {}),
            },
        )
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return Answer(response.status, text, {k.lower(): v for k, v in response.getheaders()})
    finally:
        connection.close()


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
# What cutting a connection before its answer raises.
CUT = (OSError, http.client.HTTPException)


def sign_up(port: int, slug: str, email: str, *, timeout: float = 15) -> Answer:
    """The form's page, then the form: 302 to the receipt when the sign-up is taken. A failed
    form page is returned as the answer."""
    form = f"/aktivitet/{slug}/anmal/"
    address = _client_address()
    page = request(port, "GET", form, headers={"X-Forwarded-For": address}, timeout=timeout)
    if page.status != 200:
        return page
    token = CSRF_FIELD.search(page.body)
    cookie = CSRF_COOKIE.search(page.headers.get("set-cookie", ""))
    from urllib.parse import urlencode

    return request(
        port,
        "POST",
        form,
        body=urlencode(
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "name": "Test " + email.split("@")[0],
                "email": email,
                "organisation": "",
                "website": "",
            }
        ),
        headers={
            "X-Forwarded-For": address,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie.group(1) if cookie else ''}",
            "Origin": f"https://127.0.0.1:{port}",
        },
        timeout=timeout,
    )


def signed_up(answer: Answer | Exception) -> bool:
    """The receipt: the sign-up was taken. A cut request (an exception) was not answered."""
    return isinstance(answer, Answer) and answer.status == 302 and "/klart/" in answer.location


def signup_rows(cluster: Cluster, database: str, activity_id: int) -> list[dict]:
    """The activity's sign-ups in queue order, each with how many outbox messages hold its token
    (the confirmation link is in the email written in the same transaction)."""
    with cluster.connect(database) as connection, connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.id, s.email, s.status, s.created_at,
                   (SELECT count(*) FROM outbox_outboxmessage o
                     WHERE o.body LIKE '%%' || s.token || '%%') AS confirmations
              FROM signups_signup s
             WHERE s.activity_id = %s
             ORDER BY s.created_at, s.id
            """,
            [activity_id],
        )
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
