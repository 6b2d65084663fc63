"""`make bench`: Veckan under load, as in production, in one run, every scenario against Django's
own floor measured beside it.

1. A PostgreSQL database with the demo week and `--activities` published activities in the current
   edition (`--archive` more across the earlier ones), built once and kept for later runs; never
   vacuumed by the benchmark (what autovacuum did on its own is reported).
2. gunicorn with the production settings (SECRET_KEY set, DEBUG off, manifest static files, behind a
   TLS proxy), and Redis as the cache when one answers.
3. wrk (Debian's, a C load generator with a Lua script, bench/paths.lua), pinned to its own core
   with gunicorn on the others, one scenario at a time, each drawing from its own list of paths:
   the floor (/health/), activity pages, the program's first page, searches (the commonest words
   and rare ones, with none to three facets), the API's search; each scenario's req/s is divided
   by the floor's, measured for a few seconds just before it, so load from elsewhere on the
   machine weighs on both.
4. The whole program as .ics, .csv and JSON: time to the first byte and to the last, one client.
5. A freshly started server's first search, and the workers' peak memory.
6. Release day: two servers sharing the database, visitors reading on both, first without writes
   and then with `--writes` a second (approvals, edits, organisation saves, sign-ups) and a check
   that both servers show each change.
7. The sign-up burst (locust, bench/locustfile.py): many people at one activity, on one and on two
   servers; capacity must hold.

It prints the table and writes it, with the machine and what else loaded it, to BENCHMARKS.md. It
exits 1 when something went wrong (errors, overbooking, servers that disagree) or a target is missed
(unless --report-only), so `make bench` fails on a regression.
"""

import argparse
import http.client
import json
import os
import platform
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
PATHS_SCRIPT = Path(__file__).resolve().parent / "paths.lua"
MEMORY_TARGET_MB = 250
FIRST_SEARCH_TARGET_S = 1.0
SEEDED = "veckan bench: seeded"
# Enough distinct addresses that no scenario is answered from a handful of cached pages.
DISTINCT_PATHS = 1500


# --- what is measured and what it must reach ------------------------------------------------------


@dataclass
class Measured:
    """One wrk run: its counts and latencies (ms)."""

    requests: int
    seconds: float
    errors: int
    p50: float
    p95: float
    p99: float
    max: float
    paths: int

    @property
    def per_second(self) -> float:
        return self.requests / max(self.seconds, 1e-3)


@dataclass
class Row:
    title: str
    measured: Measured
    floor: Measured | None = None
    ratio_target: float | None = None

    @property
    def ratio(self) -> float | None:
        if not self.floor or not self.floor.per_second:
            return None
        return self.measured.per_second / self.floor.per_second

    @property
    def met(self) -> bool:
        if self.measured.errors:
            return False
        return self.ratio_target is None or (self.ratio or 0) >= self.ratio_target


@dataclass
class Timed:
    """A target on a time: a download's first byte, a fresh server's first search."""

    title: str
    count: int
    p50: float
    p95: float
    worst: float
    target: float
    unit: str = "ms"

    @property
    def met(self) -> bool:
        return self.worst <= self.target


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    timed: list[Timed] = field(default_factory=list)
    checks: list[tuple[str, bool]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    memory_mb: float = 0.0

    def check(self, what: str, ok: bool) -> None:
        self.checks.append((what, ok))
        print(f"{'ok' if ok else 'FAILED'}: {what}", flush=True)

    @property
    def correct(self) -> bool:
        return all(ok for _, ok in self.checks)

    @property
    def targets_met(self) -> bool:
        return (
            all(row.met for row in self.rows)
            and all(t.met for t in self.timed)
            and self.memory_mb <= MEMORY_TARGET_MB
        )


# --- the database ---------------------------------------------------------------------------------


def _admin_connection(url: str) -> psycopg.Connection:
    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def _is_seeded(url: str, name: str) -> bool:
    with _admin_connection(url) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return bool(row) and row[0] == SEEDED


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(args: argparse.Namespace, env: dict[str, str]) -> str:
    """Build (or reuse) the database; how it came to be, for the report. No VACUUM: a freshly
    seeded database is what a release day may well run on."""
    url, name = env["DATABASE_URL"], dj_database_url.parse(env["DATABASE_URL"])["NAME"]
    if args.fresh or not _is_seeded(url, name):
        print(f"== Building {name}: {args.activities} + {args.archive} activities", flush=True)
        with _admin_connection(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        started = time.monotonic()
        _manage(env, "migrate", "--noinput", "-v", "0")
        _manage(env, "createcachetable")
        _manage(
            env, "seed_demo", "--activities", str(args.activities), "--archive", str(args.archive)
        )
        with _admin_connection(url) as admin:
            admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{SEEDED}'")
        built = f"built for this run in {time.monotonic() - started:.0f} s"
    else:
        print(f"== Reusing {name} (--fresh builds it again)", flush=True)
        _manage(env, "migrate", "--noinput", "-v", "0")
        built = "reused from an earlier run (--fresh builds it again)"
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    return built


def vacuum_state(url: str) -> str:
    """When the activities table was last vacuumed and analysed, by anyone."""
    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT last_vacuum, last_autovacuum, last_analyze, last_autoanalyze, n_dead_tup "
            "FROM pg_stat_user_tables WHERE relname = 'activities_activity'"
        ).fetchone()
    if not row:
        return "unknown"
    vacuum, autovacuum, analyze, autoanalyze, dead = row

    def when(moment):
        return f"{moment:%H:%M:%S}" if moment else "never"

    return (
        f"VACUUM {when(vacuum)} (autovacuum {when(autovacuum)}), ANALYZE {when(analyze)} "
        f"(autoanalyze {when(autoanalyze)}), {dead} dead rows"
    )


# --- cores ----------------------------------------------------------------------------------------


@dataclass
class Cores:
    """Which cores the load generator and the servers run on (taskset): the load generator on the
    last core alone, the servers on the others, so the floor measures the server, not the client.
    PostgreSQL and Redis are not pinned: they are the machine's."""

    load: list[str]
    server: list[str]

    @classmethod
    def plan(cls, pin: bool) -> "Cores":
        count = os.cpu_count() or 1
        if not pin or count < 2 or not shutil.which("taskset"):
            return cls([], [])
        last = count - 1
        others = "0" if last == 1 else f"0-{last - 1}"
        return cls(["taskset", "-c", str(last)], ["taskset", "-c", others])

    def describe(self) -> str:
        if not self.load:
            return "not pinned (one core, or --no-pin)"
        return f"wrk on core {self.load[-1]}, gunicorn on core(s) {self.server[-1]}"


# --- servers --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with the production settings, and its workers' memory."""

    def __init__(self, env: dict[str, str], workers: int, log: Path, cores: Cores):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("ab")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [
                *cores.server,
                sys.executable,
                "-m",
                "gunicorn",
                "veckan.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        self.workers_wanted = workers
        self._wait_until_ready()

    def _wait_until_ready(self, seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log.name}")
            try:
                status, _body = fetch(self.url, "/health/", timeout=2)
                if status == 200 and len(self.workers()) >= self.workers_wanted:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer in {seconds} s; see {self.log.name}")

    def _gunicorn(self) -> psutil.Process:
        process = psutil.Process(self.process.pid)
        # Under taskset the Popen is taskset itself only until it execs gunicorn: the same pid.
        return process

    def workers(self) -> list[psutil.Process]:
        return self._gunicorn().children()

    def reset_peak_memory(self) -> None:
        # Writing 5 to clear_refs resets the kernel's peak resident set (VmHWM) of the process.
        for worker in self.workers():
            with suppress(OSError):
                Path(f"/proc/{worker.pid}/clear_refs").write_text("5")

    def peak_memory_mb(self) -> float:
        peaks = [0.0]
        for worker in self.workers():
            with suppress(OSError):
                for line in Path(f"/proc/{worker.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
        return max(peaks)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@contextmanager
def servers(
    env: dict[str, str], workers: int, count: int, log: Path, cores: Cores
) -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        for _ in range(count):
            started.append(Server(env, workers, log, cores))
        yield started
    finally:
        for server in started:
            server.stop()


def fetch(base: str, path: str, timeout: float = 10) -> tuple[int, bytes]:
    request = urllib.request.Request(
        base + path,
        headers={"X-Forwarded-Proto": "https", "User-Agent": "Mozilla/5.0 veckan-bench"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


# --- wrk ------------------------------------------------------------------------------------------


def wrk(
    url: str,
    paths: list[str],
    work: Path,
    seconds: float,
    connections: int,
    cores: Cores,
    name: str,
) -> Measured:
    listing = work / f"{name}.paths"
    listing.write_text("\n".join(paths) + "\n")
    finished = subprocess.run(
        [
            *cores.load,
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "--script",
            str(PATHS_SCRIPT),
            url,
        ],
        env=os.environ | {"BENCH_PATHS": str(listing)},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    found = re.search(r"^BENCH (\{.*\})$", finished.stdout, re.MULTILINE)
    if not found:
        raise SystemExit(f"wrk said nothing we can read:\n{finished.stdout}\n{finished.stderr}")
    data = json.loads(found.group(1))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return Measured(
        requests=data["requests"],
        seconds=data["seconds"],
        errors=errors,
        p50=data["p50"],
        p95=data["p95"],
        p99=data["p99"],
        max=data["max"],
        paths=len(set(paths)),
    )


def wrk_on_all(
    servers_: list[Server],
    paths: list[str],
    work: Path,
    seconds: float,
    connections: int,
    cores: Cores,
    name: str,
) -> list[Measured]:
    """wrk on every server at once, the connections shared out."""
    results: list[Measured | None] = [None] * len(servers_)

    def run(index: int, server: Server) -> None:
        results[index] = wrk(
            server.url,
            paths,
            work,
            seconds,
            max(1, connections // len(servers_)),
            cores,
            f"{name}-{index}",
        )

    threads = [
        threading.Thread(target=run, args=(index, server)) for index, server in enumerate(servers_)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [result for result in results if result is not None]


# --- what the visitors ask for --------------------------------------------------------------------


def _words(rng: random.Random) -> tuple[list[str], list[str]]:
    """The words people search for, from the program itself: the commonest (in the most
    activities) and rare ones (in a handful), each as it is written in a title or summary."""
    from veckan.activities.models import Activity
    from veckan.activities.search import stems
    from veckan.editions.models import Edition

    edition = Edition.objects.current()
    texts = Activity.objects.published().in_edition(edition).values_list("title", "summary")
    in_activities: Counter = Counter()
    written: dict[str, Counter] = {}
    for title, summary in texts.iterator(chunk_size=2000):
        words = re.findall(r"\w+", f"{title} {summary}")
        seen = set()
        for word in words:
            if len(word) < 4 or word.isdigit():
                continue
            stem = stems(word)[0]
            if len(stem) < 3:
                continue
            written.setdefault(stem, Counter())[word.lower()] += 1
            seen.add(stem)
        in_activities.update(seen)
    ranked = [stem for stem, _n in in_activities.most_common()]
    common = [written[stem].most_common(1)[0][0] for stem in ranked[:40]]
    rare_stems = [stem for stem, n in in_activities.items() if 2 <= n <= 20]
    rng.shuffle(rare_stems)
    rare = [written[stem].most_common(1)[0][0] for stem in rare_stems[:200]]
    return common, rare or common


def make_plan(args: argparse.Namespace) -> dict:
    """Every scenario's paths, taken from the data itself, the same on every run over the same data."""
    from django.urls import reverse

    from veckan.activities.models import Activity, ActivityType, Format
    from veckan.editions.models import Edition

    edition = Edition.objects.current()
    published = Activity.objects.published().in_edition(edition)
    rng = random.Random(args.activities)
    slugs = list(published.order_by("pk").values_list("slug", flat=True))
    activities = [
        reverse("program:activity", args=[slug])
        for slug in rng.sample(slugs, min(len(slugs), DISTINCT_PATHS))
    ]
    common, rare = _words(rng)
    facets = {
        "dag": [day.isoformat() for day in edition.days],
        "typ": list(ActivityType.values),
        "form": list(Format.values),
        "lan": sorted(
            {code for code in published.values_list("municipality__county_id", flat=True) if code}
        ),
        "tid": ["morgon", "eftermiddag", "kvall"],
        "fokus": [str(pk) for pk in edition.focus_areas.values_list("pk", flat=True)],
        "anmalan": ["oppen"],
    }
    facets = {name: values for name, values in facets.items() if values}
    program = reverse("program:list")

    def searches(base: str, with_facets: bool) -> list[str]:
        """Half the searches with one of the commonest words, half with a rare one; with none to
        three facets (or none at all), as many different ones as asked for."""
        found: list[str] = []
        seen: set[str] = set()
        attempts = 0
        while len(found) < DISTINCT_PATHS and attempts < DISTINCT_PATHS * 20:
            attempts += 1
            word = rng.choice(common if len(found) % 2 == 0 else rare)
            params = [("q", word)]
            if with_facets:
                for name in rng.sample(sorted(facets), rng.randint(0, min(3, len(facets)))):
                    params.append((name, rng.choice(facets[name])))
            path = f"{base}?{urlencode(params)}"
            if path not in seen:
                seen.add(path)
                found.append(path)
        return found

    program_searches = searches(program, with_facets=True)
    api_searches = searches("/api/v1/activities", with_facets=True)
    return {
        "floor": [reverse("health")],
        "activities": activities,
        "program": [program],
        "searches": program_searches,
        "api": api_searches,
        "changed": published.order_by("pk").values_list("pk", flat=True).first(),
        "common": common,
        "rare": rare,
        "warm": f"{program}?{urlencode({'q': common[0]})}",
        "downloads": [
            ("program.ics", reverse("data:program_ics")),
            ("program.csv", reverse("data:program_csv")),
            ("api/v1/activities", "/api/v1/activities?per_sida=alla"),
        ],
        "mixed": [
            *rng.sample(activities, min(len(activities), 500)),
            *[program] * 100,
            *rng.sample(program_searches, min(len(program_searches), 500)),
        ],
    }


# --- downloads and first answers ------------------------------------------------------------------


def warm_up(server: "Server", plan: dict, workers: int, seconds: float = 60) -> None:
    """Ask the warm-up search (not among the measured paths) on twice as many connections as
    there are workers until every answer comes within a second (a worker that has not read the
    program takes longer), then once more: a running server has long read the program."""
    deadline = time.monotonic() + seconds
    rounds_fast = 0
    while time.monotonic() < deadline and rounds_fast < 2:
        times: list[float] = []

        def ask(times: list[float] = times) -> None:
            started = time.perf_counter()
            fetch(server.url, plan["warm"], timeout=60)
            times.append(time.perf_counter() - started)

        threads = [threading.Thread(target=ask) for _ in range(workers * 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rounds_fast = rounds_fast + 1 if max(times) < 1.0 else 0


def timed_get(base: str, path: str) -> tuple[float, float, int]:
    """(first byte, complete) in ms, and the status, of one GET."""
    host, port = base.split("://", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    started = time.perf_counter()
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    response.read(1)
    first = time.perf_counter()
    while response.read(1 << 16):
        pass
    done = time.perf_counter()
    connection.close()
    return (first - started) * 1000, (done - started) * 1000, response.status


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def downloads(report: Report, server: Server, plan: dict, seconds: float) -> None:
    """Each whole-program download, one client, back to back: the first request after the program
    last changed builds the body (the shared cache then serves it), and it counts too."""
    from veckan.revisions.services import record_change

    for name, path in plan["downloads"]:
        # A change to one activity, as any approval or edit, so the first request builds the body.
        record_change(activities=[plan["changed"]])
        firsts, completes, errors = [], [], 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline or not firsts:
            first, complete, status = timed_get(server.url, path)
            errors += status != 200
            firsts.append(first)
            completes.append(complete)
        if errors:
            report.check(f"{name}: {errors} answers that were not 200", False)
        for what, values, target in (
            ("first byte", firsts, 200),
            ("complete", completes, 2000),
        ):
            report.timed.append(
                Timed(
                    f"Whole program, {name}: {what} (the first, cold, included)",
                    len(values),
                    _percentile(values, 0.5),
                    _percentile(values, 0.95),
                    max(values),
                    target,
                )
            )
        print(f"== {name}: {len(firsts)} downloads, worst {max(completes):.0f} ms", flush=True)


def first_search(
    report: Report, env: dict, args: argparse.Namespace, plan: dict, log: Path, cores: Cores
) -> None:
    """A server just started: each worker's first search (one per worker, at once)."""
    with servers(env, args.workers, 1, log, cores) as [fresh]:
        times: list[float] = []

        def ask(word: str) -> None:
            started = time.perf_counter()
            fetch(fresh.url, f"/program/?{urlencode({'q': word})}", timeout=30)
            times.append(time.perf_counter() - started)

        threads = [
            threading.Thread(target=ask, args=(plan["common"][i % len(plan["common"])],))
            for i in range(args.workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report.timed.append(
            Timed(
                "A freshly started server: each worker's first search",
                len(times),
                _percentile(times, 0.5),
                max(times),
                max(times),
                FIRST_SEARCH_TARGET_S,
                unit="s",
            )
        )


# --- release day: reads with writes -----------------------------------------------------------------


class Writer:
    """`per_second` public changes a second through the services, as coordinators and organisers
    make them on release day: approvals, edits, organisation saves, and sign-ups; once a second one
    edit puts a new word in a title, and both servers are asked until they show it."""

    def __init__(self, per_second: float, urls: list[str]):
        from veckan.activities.models import Activity, SignupMode, Status
        from veckan.editions.models import Edition

        self.per_second = per_second
        self.urls = urls
        self.stop = threading.Event()
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.seen_after: list[float] = []
        edition = Edition.objects.current()
        published = Activity.objects.published().in_edition(edition)
        self.editable = list(published.order_by("?").values_list("pk", flat=True)[:300])
        self.signup = list(
            published.filter(signup_mode=SignupMode.PLATFORM)
            .order_by("?")
            .values_list("pk", flat=True)[:50]
        )
        self.organisations = list(
            published.order_by().values_list("organisation_id", flat=True).distinct()[:30]
        )
        self.to_approve = self._submitted(edition, Status, 400)

    def _submitted(self, edition, Status, count: int) -> list[int]:
        """Activities waiting for review, made for the run from published ones."""
        from veckan.activities.models import Activity

        made = []
        templates = Activity.objects.published().in_edition(edition).select_related("organisation")
        for template in templates.order_by("?")[: count * 3]:
            if len(made) == count:
                break
            # Approval checks the public-party rule; the copy has no co-organisers.
            if edition.public_party_problem([template.organisation.kind]):
                continue
            template.pk = None
            template.slug = f"bench-review-{secrets.token_hex(5)}"
            template.status = Status.SUBMITTED
            template.save()
            made.append(template.pk)
        return made

    def run(self) -> None:
        import django.db
        from django.contrib.auth import get_user_model

        from veckan.activities import services
        from veckan.activities.models import Activity
        from veckan.organisations.models import Organisation
        from veckan.organisations.services import save_organisation
        from veckan.signups.services import sign_up

        coordinator = get_user_model().objects.filter(is_coordinator=True).first()
        kinds = ["approve", "edit", "organisation", "signup"]
        number = 0
        next_check = time.monotonic()
        started = time.monotonic()
        while not self.stop.is_set():
            due = started + number / self.per_second
            time.sleep(max(0.0, due - time.monotonic()))
            kind = kinds[number % len(kinds)]
            number += 1
            began = time.perf_counter()
            word = None
            try:
                if kind == "approve" and self.to_approve:
                    activity = Activity.objects.get(pk=self.to_approve.pop())
                    services.approve_activity(activity=activity, reviewer=coordinator)
                elif kind == "edit":
                    activity = Activity.objects.get(pk=random.choice(self.editable))
                    if time.monotonic() >= next_check:
                        word = f"Rusning{secrets.token_hex(3)}"
                        next_check = time.monotonic() + 1
                    activity.summary = f"{activity.summary[:300]} {word or ''}".strip()
                    services.update_activity(
                        activity=activity, parts=_parts(activity), editor=coordinator
                    )
                elif kind == "organisation":
                    organisation = Organisation.objects.get(pk=random.choice(self.organisations))
                    # Every other save changes nothing visitors see (a member updates a form).
                    if number % 8 == 2:
                        organisation.description = f"Uppdaterad {secrets.token_hex(3)}"
                    save_organisation(organisation=organisation)
                elif kind == "signup" and self.signup:
                    sign_up(
                        activity=Activity.objects.get(pk=random.choice(self.signup)),
                        name="Rusning Testsson",
                        email=f"rusning-{secrets.token_hex(5)}@bench.example",
                    )
            except Exception as error:
                self.failures.append(f"{kind}: {error!r}")
            self.latencies.append((time.perf_counter() - began) * 1000)
            if word:
                threading.Thread(target=self._until_shown, args=(word,), daemon=True).start()
        django.db.connections.close_all()

    def _until_shown(self, word: str) -> None:
        """Ask every server for the word until all show it; how long after the commit."""
        committed = time.monotonic()
        pending = set(self.urls)
        path = f"/program/?{urlencode({'q': word})}"
        while pending and time.monotonic() - committed < 10:
            for url in list(pending):
                with suppress(OSError):
                    _status, body = fetch(url, path, timeout=5)
                    if word.encode() in body:
                        pending.discard(url)
            if pending:
                time.sleep(0.05)
        self.seen_after.append(time.monotonic() - committed if not pending else float("inf"))


def _parts(activity):
    """The activity's parts as its edit form would send them back unchanged."""
    from veckan.activities.services import ActivityParts

    tags: dict[str, list[str]] = {}
    for tag in activity.tags.all():
        tags.setdefault(tag.kind, []).append(tag.value)
    return ActivityParts(
        tags=tags,
        focus_areas=list(activity.focus_areas.all()),
        co_organisers=list(activity.co_organisers.all()),
        contacts=list(activity.contacts.all()),
    )


def release_day(
    report: Report,
    env: dict,
    args: argparse.Namespace,
    plan: dict,
    work: Path,
    log: Path,
    cores: Cores,
) -> None:
    with servers(env, args.workers, 2, log, cores) as pair:
        for server in pair:
            warm_up(server, plan, args.workers)
        quiet = wrk_on_all(pair, plan["mixed"], work, args.seconds, args.connections, cores, "q")
        writer = Writer(args.writes, [server.url for server in pair])
        thread = threading.Thread(target=writer.run)
        thread.start()
        try:
            busy = wrk_on_all(
                pair, plan["mixed"], work, args.seconds, args.connections, cores, "busy"
            )
        finally:
            writer.stop.set()
            thread.join()
        time.sleep(1.5)  # the last freshness checks
        report.memory_mb = max(report.memory_mb, *(s.peak_memory_mb() for s in pair))

    def p95(runs: list[Measured]) -> float:
        return max(run.p95 for run in runs)

    def worst(runs: list[Measured]) -> float:
        return max(run.max for run in runs)

    writes = len(writer.latencies)
    report.notes.append(
        f"Release day: 2 servers, reads without writes p95 {p95(quiet):.1f} ms (max "
        f"{worst(quiet):.0f} ms, {sum(r.requests for r in quiet)} requests); with "
        f"{writes / args.seconds:.1f} writes/s p95 {p95(busy):.1f} ms (max {worst(busy):.0f} ms, "
        f"{sum(r.requests for r in busy)} requests); writes took p95 "
        f"{_percentile(writer.latencies, 0.95):.0f} ms, max {max(writer.latencies, default=0):.0f}"
        " ms."
    )
    report.check(
        f"release day: read p95 with writes ({p95(busy):.1f} ms) within 2× of without "
        f"({p95(quiet):.1f} ms)",
        p95(busy) <= 2 * max(p95(quiet), 1.0),
    )
    report.check(
        f"release day: no request over 1 s (reads max {worst(busy):.0f} ms, writes max "
        f"{max(writer.latencies, default=0):.0f} ms)",
        worst(busy) <= 1000 and max(writer.latencies, default=0) <= 1000,
    )
    report.check(
        f"release day: {writes} writes at {args.writes}/s asked, {len(writer.failures)} failed"
        + (f" ({writer.failures[0]})" if writer.failures else ""),
        not writer.failures and writes >= 0.8 * args.writes * args.seconds,
    )
    seen = writer.seen_after
    report.check(
        f"release day: both servers showed each of {len(seen)} changes within 1 s "
        f"(slowest {max(seen, default=0):.2f} s)",
        bool(seen) and max(seen) <= 1.0,
    )
    for runs in (quiet, busy):
        if any(run.errors for run in runs):
            report.check(f"release day: {sum(r.errors for r in runs)} errors", False)


# --- the sign-up burst (locust) ---------------------------------------------------------------------


def _locust_burst(plan_file: Path, prefix: Path, clients: int) -> dict:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(clients),
            "--spawn-rate",
            str(clients),
            "--run-time",
            "300s",
            "--stop-timeout",
            "30",
            "--json-file",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "SignUpBurst",
        ],
        cwd=ROOT,
        env=os.environ | {"BENCH_PLAN": str(plan_file)},
        check=False,  # locust exits 1 when a request failed; the check below says so
    )
    return {entry["name"]: entry for entry in json.loads(Path(f"{prefix}.json").read_text())}


def burst_activity(capacity: int) -> dict:
    """A new activity with sign-up here and `capacity` seats, in the current edition."""
    from django.urls import reverse

    from veckan.activities.models import Activity, SignupMode
    from veckan.activities.search import index_activities
    from veckan.editions.models import Edition
    from veckan.revisions.services import record_change

    edition = Edition.objects.current()
    template = Activity.objects.published().in_edition(edition).order_by("pk").first()
    activity = Activity.objects.get(pk=template.pk)
    activity.pk = None
    activity.slug = f"bench-burst-{secrets.token_hex(4)}"
    activity.title = "Anmälningsrusning"
    activity.signup_mode = SignupMode.PLATFORM
    activity.capacity = capacity
    activity.signup_deadline = None
    first_day = max(edition.starts_on, (datetime.now() + timedelta(days=1)).date())
    activity.starts_at = datetime.combine(first_day, datetime.min.time()).astimezone() + timedelta(
        hours=10
    )
    activity.ends_at = activity.starts_at + timedelta(hours=1)
    activity.save()
    index_activities([activity])
    record_change(activities=[activity.pk])
    return {"pk": activity.pk, "form": reverse("signups:sign_up", args=[activity.slug])}


def burst(
    report: Report, args: argparse.Namespace, work: Path, servers_: list[Server], where: str
) -> None:
    from veckan.signups.models import SignUp

    details = burst_activity(args.capacity)
    plan_file = work / "burst.json"
    plan_file.write_text(
        json.dumps(
            {"hosts": [s.url for s in servers_], "burst": details | {"attempts": args.burst}}
        )
    )
    print(f"== Sign-up burst on {where}", flush=True)
    entries = _locust_burst(plan_file, work / f"burst-{len(servers_)}", args.burst_clients)
    failures = sum(entry["num_failures"] for entry in entries.values())
    signups = SignUp.objects.filter(activity_id=details["pk"])
    seats = signups.with_seat().count()
    report.check(
        f"sign-up burst on {where}: {args.burst} attempts from {args.burst_clients} clients, "
        f"{signups.count()} sign-ups recorded, {seats} seats taken of {args.capacity}, "
        f"{signups.waiting().count()} on the waiting list, {failures} failed requests",
        seats == args.capacity and signups.count() == args.burst and not failures,
    )


# --- the report -----------------------------------------------------------------------------------


def machine(cores: Cores) -> list[tuple[str, str]]:
    from django.core.cache import caches
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    os_name = next(
        (
            line.split("=", 1)[1].strip('"')
            for line in Path("/etc/os-release").read_text().splitlines()
            if line.startswith("PRETTY_NAME=")
        ),
        platform.system(),
    )
    wrk_version = subprocess.run(
        [shutil.which("wrk") or "wrk", "--version"], capture_output=True, text=True, check=False
    )
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("Memory", f"{memory_kb / 1024 / 1024:.0f} GB"),
        ("System", f"{os_name}, Linux {platform.release()}"),
        ("Python", platform.python_version()),
        ("Django", version("django")),
        ("PostgreSQL", postgres),
        ("Cache", type(caches["default"]).__name__),
        ("gunicorn", version("gunicorn")),
        ("wrk", (wrk_version.stdout or wrk_version.stderr).split("Copyright")[0].strip()),
        ("Cores", cores.describe()),
    ]


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def table(report: Report) -> list[str]:
    lines = [
        "| Scenario | Distinct paths | Requests | Errors | Req/s | Floor req/s (just before) "
        "| ÷ floor | Target | p50 ms | p95 ms | p99 ms | max ms | Met |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for row in report.rows:
        m = row.measured
        floor = f"{row.floor.per_second:.0f}" if row.floor else "—"
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
        target = f"≥ {row.ratio_target}" if row.ratio_target is not None else "—"
        lines.append(
            f"| {row.title} | {m.paths} | {m.requests} | {m.errors} | {m.per_second:.0f} | "
            f"{floor} | {ratio} | {target} | {m.p50:.1f} | {m.p95:.1f} | {m.p99:.1f} | "
            f"{m.max:.0f} | {'yes' if row.met else '**no**'} |"
        )
    lines += [
        "",
        "| Timed | Count | p50 | p95 | Worst | Target | Met |",
        "|---|--:|--:|--:|--:|--:|---|",
    ]
    for t in report.timed:
        digits = 2 if t.unit == "s" else 0
        lines.append(
            f"| {t.title} | {t.count} | {t.p50:.{digits}f} {t.unit} | {t.p95:.{digits}f} {t.unit} "
            f"| {t.worst:.{digits}f} {t.unit} | ≤ {t.target:g} {t.unit} | "
            f"{'yes' if t.met else '**no**'} |"
        )
    memory_met = report.memory_mb <= MEMORY_TARGET_MB
    lines.append(
        f"| Peak resident memory of any worker, all scenarios | — | — | — "
        f"| {report.memory_mb:.0f} MB | ≤ {MEMORY_TARGET_MB} MB | "
        f"{'yes' if memory_met else '**no**'} |"
    )
    return lines


def write_markdown(
    path: Path,
    args: argparse.Namespace,
    report: Report,
    about: list[tuple[str, str]],
    context: dict[str, str],
) -> None:
    done = report.correct and report.targets_met
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py), which reproduces it: see the README.",
        f"Run on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}.",
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in about],
        f"- Load average (1/5/15 min) at the start: {context['load_before']}; at the end: "
        f"{context['load_after']}. The machine is shared: other work on it weighs on each "
        "scenario and on the floor measured just before it alike, which is why every scenario "
        "is shown as a ratio to its own floor.",
        "",
        "## Setup",
        "",
        f"- Data: the demo week plus {args.activities:_} published activities in the current "
        f"edition and {args.archive:_} across the archive, on PostgreSQL; the database was "
        f"{context['built']}. Never vacuumed by the benchmark; the activities table at the start: "
        f"{context['vacuum_before']}.".replace("_", " "),
        f"- gunicorn with the production settings, {args.workers} sync workers per server, behind "
        "a (simulated) TLS proxy; every request as a new visitor with no cookies. Such a "
        "visitor is served a kept page where one still holds (veckan.lib.page_cache: in Redis "
        "and in each worker): a scenario's first visit to each of its paths renders it, so with "
        "the distinct paths below most requests of a short run are first visits, and the wrk "
        "table's Requests against Distinct paths says how many were not.",
        f"- Load: wrk, {args.connections} connections, one thread, {args.seconds} s a scenario "
        f"after a short warm-up on a path not counted; the floor (`/health/`, Django's smallest "
        f"view through the whole middleware stack) for {args.floor_seconds} s just before each "
        "scenario. Each scenario draws from its own list of paths, taken round-robin from a "
        "place of its own per connection: activity pages by slug; `/program/` with a search "
        "word (every other one among the 40 words in the most activities, the rest rare: in "
        "2 to 20) and none to three facets; the API's search with the same words. The "
        "program's first page is one address by definition.",
        "- Downloads: one client, back to back, each download's first request right after a "
        "change to the program (so it builds the body), all counted; the target is on the worst.",
        f"- Release day: two servers, reads (activity pages, the first page, searches) on both "
        f"for {args.seconds} s without writes, then again with {args.writes} writes a second "
        "through the services (approvals of activities waiting for review, edits, organisation "
        "saves of which one in two changes nothing public, sign-ups); once a second an edit "
        "puts a new word in a summary and both servers are asked until they find it.",
        f"- Sign-up burst: {args.burst} attempts from {args.burst_clients} clients (locust) at one "
        f"activity with {args.capacity} seats, each attempt a new person (form, then send).",
        "",
        "## Results",
        "",
        *table(report),
        "",
        *[f"- {note}" for note in report.notes],
        *[f"- {'✓' if ok else '✗'} {what}" for what, ok in report.checks],
        "",
        f"**{'All targets met.' if done else 'Not all targets met.'}**",
        "",
    ]
    path.write_text("\n".join(lines))


# --- the run --------------------------------------------------------------------------------------


def _redis(url: str) -> bool:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def environment(args: argparse.Namespace) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}
    }
    env |= {
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "1",
        "SITE_URL": "https://127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "veckan.settings",
    }
    if args.redis_url and _redis(args.redis_url):
        env["REDIS_URL"] = args.redis_url
    return env


PAGE_SCENARIOS: list[tuple[str, str, str, float]] = [
    ("ActivityPage", "An activity's page", "activities", 0.5),
    ("ProgramFirstPage", "/program/, the first page, no filter", "program", 0.25),
    ("ProgramSearch", "/program/ with a word (common or rare) and 0–3 facets", "searches", 0.1),
    ("ApiSearch", "/api/v1/activities?q= a word (common or rare) and 0–3 facets", "api", 0.1),
]
OTHER_SCENARIOS = ["Downloads", "FirstSearch", "ReleaseDay", "SignUpBurst"]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--archive", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10, help="each scenario's length")
    parser.add_argument("--floor-seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=8, help="wrk's connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--writes", type=float, default=20, help="writes a second on release day")
    parser.add_argument("--burst", type=int, default=2000, help="sign-up attempts")
    parser.add_argument("--burst-clients", type=int, default=50)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument(
        "--no-pin", dest="pin", action="store_false", help="leave the cores to the system"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/veckan_bench"
        ),
        help="the database to build (it is dropped and made again)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        help="used as the cache when it answers; '' for the database cache",
    )
    parser.add_argument("--fresh", action="store_true", help="build the database again")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="exit 0 when only speed targets are missed (a tiny run, a slow machine)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=[name for name, *_ in PAGE_SCENARIOS] + OTHER_SCENARIOS,
        help="run only this scenario (repeatable), print its rows, write nothing",
    )
    args = parser.parse_args(argv)
    name = dj_database_url.parse(args.database_url)["NAME"]
    if name in {"postgres", "template0", "template1"}:
        parser.error(f"--database-url names {name!r}, which the benchmark would drop")
    if not shutil.which("wrk"):
        parser.error("wrk is not installed: `make wrk` (Debian's package) installs it")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    env = environment(args)
    cores = Cores.plan(args.pin)
    context = {"load_before": _load(), "built": prepare_database(args, env)}
    context["vacuum_before"] = vacuum_state(env["DATABASE_URL"])
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache

    cache.clear()
    report = Report()
    plan = make_plan(args)
    work = Path(tempfile.mkdtemp(prefix="veckan-bench-"))
    log = work / "gunicorn.log"

    def wanted(name: str) -> bool:
        return not args.only or name in args.only

    try:
        with servers(env, args.workers, 1, log, cores) as [one]:
            one.reset_peak_memory()
            for name, title, key, target in PAGE_SCENARIOS:
                if not wanted(name):
                    continue
                print(f"== {name}", flush=True)
                run: Callable[..., Measured] = wrk
                warm_up(one, plan, args.workers)
                floor = run(
                    one.url, plan["floor"], work, args.floor_seconds, args.connections, cores, "f"
                )
                measured = run(
                    one.url, plan[key], work, args.seconds, args.connections, cores, name
                )
                row = Row(title, measured, floor, target)
                report.rows.append(row)
                print(
                    f"   {measured.per_second:.0f} req/s, floor {floor.per_second:.0f}: "
                    f"{row.ratio or 0:.2f} (target {target}); p95 {measured.p95:.1f} ms",
                    flush=True,
                )
            if wanted("Downloads"):
                downloads(report, one, plan, args.seconds)
            report.memory_mb = one.peak_memory_mb()
            if wanted("SignUpBurst"):
                burst(report, args, work, [one], "one server")
        if wanted("FirstSearch"):
            first_search(report, env, args, plan, log, cores)
        if wanted("ReleaseDay"):
            release_day(report, env, args, plan, work, log, cores)
        if wanted("SignUpBurst"):
            with servers(env, args.workers, 2, log, cores) as pair:
                burst(report, args, work, pair, "two servers")
    finally:
        print(f"(wrk's paths, locust's statistics and gunicorn's log are in {work})", flush=True)
    context["load_after"] = _load()
    print("\n".join(table(report)))
    for what, ok in report.checks:
        print(f"{'✓' if ok else '✗'} {what}")
    if not args.only:
        write_markdown(args.output, args, report, machine(cores), context)
        print(f"Written to {args.output}")
    if not report.correct:
        return 1
    if not report.targets_met:
        print("Not all targets met.")
        if not args.report_only:
            return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0
