"""`make bench` is not a test, but its own commands run here at a tiny size, so they cannot rot:
the database build, gunicorn with the production settings, every locust scenario, the sign-up burst
on one and on two servers, and the report. Its numbers are not checked; its correctness is."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL"
    ),
]


def bench(*args: str) -> str:
    """Run `python -m bench` at a tiny size on its own database; its output."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--activities=40",
            "--archive=20",
            "--seconds=2",
            "--clients=2",
            "--workers=1",
            f"--database-url={url}/veckan_bench_tiny",
            "--redis-url=",
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    return finished.stdout


def test_the_benchmark_runs_end_to_end(tmp_path):
    report = tmp_path / "BENCHMARKS.md"
    bench("--burst=30", "--burst-clients=5", "--capacity=7", "--fresh", f"--output={report}")
    text = report.read_text()
    for row in [
        "Minimal Django view (the floor)",
        "/program/ with a search word and three facets",
        "An activity's page",
        "Whole program, program.ics: complete",
        "Whole program, program.csv: first byte",
        "Whole program, api/v1/activities: complete",
        "Sign-up burst (one server): sending it",
        "Sign-up burst (2 servers): sending it",
    ]:
        assert f"| {row} |" in text
    assert "30 attempts, 30 sign-ups recorded, 7 seats taken of 7" in text
    assert "✓ all 2 servers show a change at once" in text
    assert "## Machine" in text


def test_the_benchmark_runs_one_scenario_alone_and_writes_nothing(tmp_path):
    report = tmp_path / "BENCHMARKS.md"
    printed = bench("--only=ActivityPage", "--seconds=1", f"--output={report}")
    assert "| An activity's page |" in printed
    assert "Minimal Django view" not in printed
    assert not report.exists()
