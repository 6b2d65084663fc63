"""`make bench` is not a test, but its own commands run here at a tiny size, so they cannot rot:
the database build, gunicorn with the production settings, every wrk scenario with its floor, the
downloads, a fresh server's first search, release day with writes on two servers, the sign-up burst
on one and on two servers, and the report. Its numbers are not checked (a tiny run on a busy test
machine misses speed targets, so it runs --report-only); its correctness is."""

import shutil
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
    pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (make wrk)"),
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
            "--floor-seconds=1",
            "--connections=2",
            "--workers=1",
            "--writes=5",
            "--report-only",
            # Named after this run's test database, so two runs on one server never share it.
            f"--database-url={url}/{database['NAME']}_bench_tiny",
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
        "An activity's page",
        "/program/, the first page, no filter",
        "/program/ with a word (common or rare) and 0–3 facets",
        "/api/v1/activities?q= a word (common or rare) and 0–3 facets",
        "Whole program, program.ics: complete (the first, cold, included)",
        "Whole program, program.csv: first byte (the first, cold, included)",
        "Whole program, api/v1/activities: complete (the first, cold, included)",
        "A freshly started server: each worker's first search",
        "Peak resident memory of any worker, all scenarios",
    ]:
        assert f"| {row} |" in text
    # Every page scenario with its own floor and its ratio to it.
    rows = [line for line in text.splitlines() if line.startswith(("| An activity", "| /"))]
    assert len(rows) == 4
    for line in rows:
        cells = [cell.strip() for cell in line.split("|")]
        assert float(cells[6]) > 0  # the floor just before
        assert float(cells[7]) > 0  # the ratio
    assert "30 attempts from 5 clients, 30 sign-ups recorded, 7 seats taken of 7" in text
    assert "✓ release day: both servers showed each of" in text
    assert "## Machine" in text
    assert "wrk on core" in text or "not pinned" in text


def test_the_benchmark_runs_one_scenario_alone_and_writes_nothing(tmp_path):
    report = tmp_path / "BENCHMARKS.md"
    printed = bench("--only=ActivityPage", "--seconds=1", f"--output={report}")
    assert "| An activity's page |" in printed
    assert "/program/, the first page" not in printed
    assert not report.exists()
