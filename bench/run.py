"""`make bench`: Veckan under load, as in production, in one run.

1. A PostgreSQL database with the demo week and `--activities` published activities in the current
   edition (`--archive` more across the earlier ones), built once and kept for later runs.
2. gunicorn with the production settings (SECRET_KEY set, DEBUG off, manifest static files, behind a
   TLS proxy), and Redis as the cache when one answers.
3. locust, headless, one scenario at a time: the framework's floor, a program search, an activity
   page, the whole program as .ics, .csv and JSON (first byte and last), and a sign-up burst.
4. Two servers on two ports sharing the database: the same burst, then one change that both must
   show at once.

It prints the table and writes it, with the machine it ran on, to BENCHMARKS.md. It exits 1 if
anything went wrong (errors, overbooking, servers that disagree); a missed speed target is shown in
the table, not an error, so a slow machine still gets its numbers.
"""

import argparse
import json
import os
import platform
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
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
MEMORY_TARGET_MB = 250
SEEDED = "veckan bench: seeded"


@dataclass
class Row:
    """One line of the table: a locust entry, and the p95 it must stay under (None: no target)."""

    entry: str
    title: str
    p95_target_ms: float | None = None


@dataclass
class Scenario:
    user_class: str
    clients: int
    rows: list[Row]
    # Pages run a few seconds first, not counted: each worker reads the program index once per
    # version, and a steady server has long done that. Downloads count their first, cold request.
    warm_up: bool = False


@dataclass
class Result:
    row: Row
    clients: int
    requests: int
    errors: int
    per_second: float
    p50: float
    p95: float
    p99: float
    memory_mb: float

    def meets_target(self) -> bool:
        fast = self.row.p95_target_ms is None or self.p95 <= self.row.p95_target_ms
        return fast and not self.errors and self.memory_mb <= MEMORY_TARGET_MB


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    checks: list[tuple[str, bool]] = field(default_factory=list)

    def check(self, what: str, ok: bool) -> None:
        self.checks.append((what, ok))
        print(f"{'ok' if ok else 'FAILED'}: {what}", flush=True)

    @property
    def correct(self) -> bool:
        return all(ok for _, ok in self.checks) and not any(r.errors for r in self.results)


def scenarios(clients: int) -> list[Scenario]:
    return [
        Scenario("Floor", clients, [Row("floor", "Minimal Django view (the floor)")], True),
        Scenario(
            "ProgramSearch",
            clients,
            [Row("program search", "/program/ with a search word and three facets", 100)],
            True,
        ),
        Scenario("ActivityPage", clients, [Row("activity page", "An activity's page", 30)], True),
        *(
            Scenario(
                user_class,
                1,
                [
                    Row(f"{name} first byte", f"Whole program, {name}: first byte", 200),
                    Row(f"{name} complete", f"Whole program, {name}: complete", 2000),
                ],
            )
            for user_class, name in (
                ("Ics", "program.ics"),
                ("Csv", "program.csv"),
                ("Json", "api/v1/activities"),
            )
        ),
    ]


def burst_scenario(clients: int, servers: int) -> Scenario:
    where = "one server" if servers == 1 else f"{servers} servers"
    return Scenario(
        "SignUpBurst",
        clients,
        [
            Row("sign-up form", f"Sign-up burst ({where}): the form"),
            Row("sign-up", f"Sign-up burst ({where}): sending it"),
        ],
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


def prepare_database(args: argparse.Namespace, env: dict[str, str]) -> None:
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
            env,
            "seed_demo",
            "--activities",
            str(args.activities),
            "--archive",
            str(args.archive),
        )
        with _admin_connection(url) as admin:
            admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{SEEDED}'")
        print(f"== Built in {time.monotonic() - started:.0f} s", flush=True)
    else:
        print(f"== Reusing {name} (--fresh builds it again)", flush=True)
        _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "collectstatic", "--noinput", "-v", "0")


# --- servers --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with the production settings, and its workers' memory."""

    def __init__(self, env: dict[str, str], workers: int, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
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
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        self._wait_until_ready()

    def _wait_until_ready(self, seconds: float = 60) -> None:
        request = urllib.request.Request(
            f"{self.url}/health/", headers={"X-Forwarded-Proto": "https"}
        )
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log.name}")
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer in {seconds} s; see {self.log.name}")

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children()

    def reset_peak_memory(self) -> None:
        # Writing 5 to clear_refs resets the kernel's peak resident set (VmHWM) of the process.
        for worker in self.workers():
            with suppress(OSError):
                Path(f"/proc/{worker.pid}/clear_refs").write_text("5")

    def peak_memory_mb(self) -> float:
        peaks = [0.0]
        for worker in self.workers():
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
def servers(env: dict[str, str], workers: int, count: int, log: Path) -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        for _ in range(count):
            started.append(Server(env, workers, log))
        yield started
    finally:
        for server in started:
            server.stop()


# --- locust ---------------------------------------------------------------------------------------


def percentile(times: dict[int, int], share: float) -> float:
    """The response time `share` of the requests stayed within, from locust's histogram (whose
    times are rounded to two significant digits above 100 ms)."""
    total = sum(times.values())
    counted = 0
    for ms in sorted(times):
        counted += times[ms]
        if counted >= share * total:
            return ms
    return 0


def _locust(scenario: Scenario, plan_file: Path, prefix: Path, seconds: int) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(scenario.clients),
            "--spawn-rate",
            str(scenario.clients),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "30",
            "--json-file",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            scenario.user_class,
        ],
        cwd=ROOT,
        env=os.environ | {"BENCH_PLAN": str(plan_file)},
        check=False,  # locust exits 1 when a request failed; the failures are in the table
    )


def run_locust(
    scenario: Scenario, plan: dict, work: Path, servers: list[Server], seconds: int
) -> list[Result]:
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan | {"hosts": [s.url for s in servers]}))
    prefix = work / scenario.user_class
    for server in servers:
        server.reset_peak_memory()
    if scenario.warm_up:
        print(f"== {scenario.user_class}: warming up", flush=True)
        _locust(scenario, plan_file, work / f"{scenario.user_class}-warm-up", min(seconds, 3))
    print(f"== {scenario.user_class}: {scenario.clients} clients", flush=True)
    _locust(scenario, plan_file, prefix, seconds)
    memory = max(server.peak_memory_mb() for server in servers)
    by_name = {entry["name"]: entry for entry in json.loads(Path(f"{prefix}.json").read_text())}
    results = []
    for row in scenario.rows:
        entry = by_name.get(row.entry)
        if entry is None:
            raise SystemExit(f"locust reported nothing for {row.entry!r}; see {prefix}.json")
        times = {int(ms): n for ms, n in entry["response_times"].items()}
        seconds_run = (entry["last_request_timestamp"] or entry["start_time"]) - entry["start_time"]
        results.append(
            Result(
                row=row,
                clients=scenario.clients,
                requests=entry["num_requests"],
                errors=entry["num_failures"],
                per_second=entry["num_requests"] / max(seconds_run, 1e-3),
                p50=percentile(times, 0.50),
                p95=percentile(times, 0.95),
                p99=percentile(times, 0.99),
                memory_mb=memory,
            )
        )
    return results


# --- what the visitors ask for --------------------------------------------------------------------


def make_plan(args: argparse.Namespace) -> dict:
    """Search words, facet values and activity addresses, all taken from the data itself."""
    from django.urls import reverse

    from veckan.activities.models import Activity, ActivityType, Format
    from veckan.activities.search import stems
    from veckan.editions.models import Edition

    edition = Edition.objects.current()
    published = Activity.objects.published().in_edition(edition)
    # The same sample on every run over the same data, so runs compare.
    rng = random.Random(args.activities)
    rows = list(published.order_by("pk").values_list("slug", "title"))
    sample = rng.sample(rows, min(len(rows), 2000))
    slugs = [slug for slug, _title in sample]
    titles = [title for _slug, title in sample[:500]]
    words = sorted({word for title in titles for word in title.split() if len(word) > 5})
    words = [word for word in words if len(stems(word)[0]) > 3][:200]
    facets = {
        "dag": [day.isoformat() for day in edition.days],
        "typ": list(ActivityType.values),
        "form": list(Format.values),
        "lan": sorted(
            {code for code in published.values_list("municipality__county_id", flat=True) if code}
        ),
        "tid": ["morgon", "eftermiddag", "kvall"],
        "fokus": [str(pk) for pk in edition.focus_areas.values_list("pk", flat=True)],
    }
    return {
        "floor": reverse("health"),
        "program": reverse("program:list"),
        "words": words,
        "facets": {name: values for name, values in facets.items() if values},
        "activities": [reverse("program:activity", args=[slug]) for slug in slugs],
        "ics": reverse("data:program_ics"),
        "csv": reverse("data:program_csv"),
        "json": "/api/v1/activities?per_sida=alla",
    }


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


def check_burst(report: Report, burst: dict, attempts: int, capacity: int, where: str) -> None:
    from veckan.signups.models import SignUp

    signups = SignUp.objects.filter(activity_id=burst["pk"])
    seats = signups.with_seat().count()
    report.check(
        f"sign-up burst on {where}: {attempts} attempts, {signups.count()} sign-ups recorded, "
        f"{seats} seats taken of {capacity}, {signups.waiting().count()} on the waiting list",
        seats == capacity and signups.count() == attempts,
    )


def check_same_program(report: Report, burst: dict, urls: list[str]) -> None:
    """Change one activity, then ask every server at once: each must show the change."""
    from django.urls import reverse

    from veckan.activities.models import Activity
    from veckan.activities.search import index_activities
    from veckan.revisions.services import record_change

    activity = Activity.objects.get(pk=burst["pk"])
    word = f"Bänkprov{secrets.token_hex(3)}"
    activity.title = f"Anmälningsrusning {word}"
    activity.save()
    index_activities([activity])
    record_change(activities=[activity.pk])
    paths = [
        f"{reverse('program:list')}?{urlencode({'q': word})}",
        reverse("program:activity", args=[activity.slug]),
    ]
    shown = []
    for url in urls:
        for path in paths:
            request = urllib.request.Request(url + path, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=10) as response:
                shown.append(word in response.read().decode())
    report.check(
        f"all {len(urls)} servers show a change at once, in the search and on the page",
        all(shown),
    )


# --- the report -----------------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
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
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("Memory", f"{memory_kb / 1024 / 1024:.0f} GB"),
        ("System", f"{os_name}, Linux {platform.release()}"),
        ("Python", platform.python_version()),
        ("Django", version("django")),
        ("PostgreSQL", postgres),
        ("Cache", type(caches["default"]).__name__),
        ("gunicorn", version("gunicorn")),
        ("locust", f"{version('locust')} (on the same machine, sharing its cores)"),
    ]


def _mark(result: Result) -> str:
    return "yes" if result.meets_target() else "**no**"


def table(results: list[Result]) -> list[str]:
    floor = next((r.per_second for r in results if r.row.entry == "floor"), 0)
    lines = [
        "| Scenario | Clients | Requests | Errors | Req/s (÷ floor) | p50 ms | p95 ms | p99 ms "
        "| Peak worker MB | Target p95 | Met |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in results:
        ratio = f" ({r.per_second / floor:.2f})" if floor else ""
        target = f"≤ {r.row.p95_target_ms:.0f} ms" if r.row.p95_target_ms else "—"
        lines.append(
            f"| {r.row.title} | {r.clients} | {r.requests} | {r.errors} | "
            f"{r.per_second:.1f}{ratio} | {r.p50:.0f} | {r.p95:.0f} | {r.p99:.0f} | "
            f"{r.memory_mb:.0f} | {target} | {_mark(r)} |"
        )
    return lines


def write_markdown(
    path: Path, args: argparse.Namespace, report: Report, about: list[tuple[str, str]]
) -> None:
    met = all(r.meets_target() for r in report.results)
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py), which reproduces it: see the README.",
        f"Run on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}.",
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in about],
        "",
        "## Setup",
        "",
        f"- Data: the demo week plus {args.activities:_} published activities in the current "
        f"edition and {args.archive:_} across the archive, on PostgreSQL.".replace("_", " "),
        f"- gunicorn with the production settings, {args.workers} sync workers per server, behind "
        "a (simulated) TLS proxy; every request as a new visitor with no cookies.",
        f"- Each scenario runs {args.seconds} s with the clients shown, back to back, no think "
        "time: the page scenarios with as many clients as the server has workers, so every worker "
        "is always busy (more clients only wait in gunicorn's queue), the downloads one client at "
        "a time. Times are milliseconds, as locust reports them (percentiles to two significant "
        "digits).",
        "- The page scenarios warm up for 3 s first, not counted: each worker reads the program "
        "index once per program version (about a second at 20,000 activities), which a running "
        "server has long done. The downloads count their first request, which makes the body "
        "that the shared cache then serves until the program changes.",
        f"- Sign-up burst: {args.burst} attempts from {args.burst_clients} clients at one activity "
        f"with {args.capacity} seats, each attempt a new person (form, then send).",
        f"- Targets: the p95 shown, no errors, and at most {MEMORY_TARGET_MB} MB peak resident "
        "memory in any worker.",
        "",
        "## Results",
        "",
        *table(report.results),
        "",
        *[f"- {'✓' if ok else '✗'} {what}" for what, ok in report.checks],
        "",
        f"**{'All targets met.' if met and report.correct else 'Not all targets met.'}**",
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


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--archive", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20, help="each scenario's length")
    parser.add_argument(
        "--clients",
        type=int,
        help="for the page scenarios; as many as workers unless given: every worker always busy",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--burst", type=int, default=2000, help="sign-up attempts")
    parser.add_argument("--burst-clients", type=int, default=50)
    parser.add_argument("--capacity", type=int, default=100)
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
        "--only",
        action="append",
        choices=[scenario.user_class for scenario in scenarios(1)],
        help="run only this page or download scenario (repeatable), print its row, write nothing",
    )
    args = parser.parse_args(argv)
    args.clients = args.clients or args.workers
    name = dj_database_url.parse(args.database_url)["NAME"]
    if name in {"postgres", "template0", "template1"}:
        parser.error(f"--database-url names {name!r}, which the benchmark would drop")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    env = environment(args)
    prepare_database(args, env)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache

    cache.clear()
    report = Report()
    plan = make_plan(args)
    plan["burst"] = {"attempts": args.burst}
    work = Path(tempfile.mkdtemp(prefix="veckan-bench-"))
    log = work / "gunicorn.log"
    try:
        with servers(env, args.workers, 1, log) as [one]:
            for scenario in scenarios(args.clients):
                if not args.only or scenario.user_class in args.only:
                    report.results += run_locust(scenario, plan, work, [one], args.seconds)
            if args.only:
                print("\n".join(table(report.results)))
                return 0 if report.correct else 1
            plan["burst"] |= burst_activity(args.capacity)
            burst = burst_scenario(args.burst_clients, 1)
            report.results += run_locust(burst, plan, work, [one], seconds=600)
            check_burst(report, plan["burst"], args.burst, args.capacity, "one server")
        with servers(env, args.workers, 2, log) as pair:
            plan["burst"] |= burst_activity(args.capacity)
            burst = burst_scenario(args.burst_clients, 2)
            report.results += run_locust(burst, plan, work, pair, seconds=600)
            check_burst(report, plan["burst"], args.burst, args.capacity, "two servers")
            check_same_program(report, plan["burst"], [server.url for server in pair])
    finally:
        print(f"(locust's statistics and gunicorn's log are in {work})", flush=True)
    print("\n".join(table(report.results)))
    write_markdown(args.output, args, report, machine())
    print(f"Written to {args.output}")
    if not report.correct:
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0
