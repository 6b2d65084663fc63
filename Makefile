# The front door. A newcomer needs two targets: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: run test test-sqlite test-postgres bench setup chromium wrk lint format messages clean

$(STAMP): pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)
	$(MANAGE) collectstatic --noinput -v 0

# Debian's Chromium for the browser tests; without it they are skipped, not failed.
chromium:
	@scripts/install-chromium

# Debian's wrk, the benchmark's load generator; without it the benchmark's test is skipped.
wrk:
	@scripts/install-wrk

run: setup
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo
	@# The workers run beside the server: demo mail shows up in this terminal, webhooks go out.
	$(MANAGE) send_outbox --loop & outbox=$$!; \
	$(MANAGE) send_webhooks --loop & webhooks=$$!; \
	trap 'kill $$outbox $$webhooks 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

test: setup chromium wrk test-sqlite test-postgres

test-sqlite: setup
	$(PY) -m pytest -q

# Runs the suite on PostgreSQL when one answers (CI's machine has one at 127.0.0.1:5432).
test-postgres: setup
	@if url=$$($(PY) scripts/postgres-url); then \
		echo "== PostgreSQL: $$url"; DATABASE_URL=$$url $(PY) -m pytest -q; \
	else \
		echo "== PostgreSQL not reachable: the PostgreSQL run is SKIPPED (set TEST_DATABASE_URL to point at one)."; \
	fi

# The benchmark suite (bench/run.py): gunicorn with the production settings on PostgreSQL under wrk,
# 20,000 activities by default, every scenario against the floor measured beside it. Writes
# BENCHMARKS.md and fails when a target is missed. Pass options with BENCH_ARGS="--seconds 5".
bench: setup wrk
	$(PY) -m bench $(BENCH_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: setup
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
