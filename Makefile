# CIP Governance. `make run` and `make test` are the two commands a newcomer needs.
SHELL := /bin/bash
UV := python3 -m uv
ADDRESS ?= 127.0.0.1:8000
PY := $(UV) run --frozen python
PYTEST := $(UV) run --frozen pytest

.PHONY: install install-test install-load load run test lint security migrations-check test-sqlite test-postgres test-browser bench assets backup restore audit fuzz clean

install:  ## Python packages and the system libraries WeasyPrint needs
	bash scripts/setup.sh

install-test:  ## ...plus PostgreSQL and Chromium for the test suite
	bash scripts/setup.sh --test

install-load:  ## ...plus PostgreSQL and nginx for the load test
	bash scripts/setup.sh --load

run: export DEBUG ?= true
run: install  ## Serve the demonstration partnership on SQLite at http://$(ADDRESS), with its background worker
	ADDRESS=$(ADDRESS) bash scripts/run.sh

lint:
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

security:  ## bandit: no high-severity findings in the application code
	$(UV) run --frozen bandit -q -r cip board briefs workpackages placements funding dashboard reports reminders devkit -lll

migrations-check: export DEBUG ?= true
migrations-check:
	$(PY) manage.py makemigrations --check --dry-run

test-sqlite:  ## The whole suite on SQLite, browser journeys included, on both cores
	$(PYTEST) -n 2 -m "not postgres_only"

# On both cores, then alone the test that restarts the server under the other tests' feet.
test-postgres:  ## The suite (less the browser journeys) on a PostgreSQL server started for the run
	bash scripts/with-postgres.sh bash -c \
		'$(PYTEST) -n 2 -m "not browser and not server_restart and not first_run" && $(PYTEST) -m server_restart'

test-browser:  ## Only the Chromium journeys and axe checks
	$(PYTEST) -m browser

test: install-test lint security migrations-check test-sqlite test-postgres  ## Everything CI runs

# `make bench EPISODES=100000` for a quick run; RUNS timings per page (medians).
EPISODES ?= 1000000
RUNS ?= 5
BENCH_ENV := DEBUG=false SECURE=false STATIC_MANIFEST=false OTP_REQUIRED=false \
	SECRET_KEY=bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789 \
	PSEUDONYM_KEY=bench-only-pseudonym-key DEMO_PASSWORD=bench-only-password

bench: install-test  ## Generate EPISODES placement episodes on a throwaway PostgreSQL and print each hot path against its floor (docs/benchmarks.md)
	$(BENCH_ENV) bash scripts/with-postgres.sh bash -c \
		'$(PY) manage.py migrate --no-input -v0 && $(PY) manage.py bench --episodes $(EPISODES) --runs $(RUNS)'

assets:  ## Rebuild static/govuk from govuk-frontend (npm); the result is committed
	bash scripts/build-assets.sh

load: install-load  ## 50 users for 5 minutes through nginx and two web nodes (minutes: not in make test)
	bash scripts/with-postgres.sh bash scripts/load.sh

backup:  ## pg_dump DATABASE_URL into backups/
	bash scripts/backup.sh $(FILE)

restore:  ## pg_restore FILE into DATABASE_URL (replaces its contents)
	bash scripts/restore.sh $(FILE)

audit:  ## pip-audit of the locked dependencies (needs the vulnerability service: not in make test)
	$(UV) export --frozen --format requirements-txt --no-hashes > /tmp/cip-requirements.txt
	$(UV) run --frozen --with pip-audit pip-audit -r /tmp/cip-requirements.txt

fuzz:  ## atheris on the SSDA903 importer for 10 minutes (FUZZ_SECONDS); minimises tests/fuzz/corpus (not in make test)
	bash scripts/fuzz.sh

clean:
	rm -rf .venv .venv-ssda903 .venv-demand db.sqlite3 staticfiles test-results
