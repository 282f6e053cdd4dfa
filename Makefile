# The README's commands. CI (.ci/run) calls the same targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Local development and tests run with DEBUG on; production sets DJANGO_DEBUG=false and a secret key.
export DJANGO_DEBUG ?= true

.PHONY: run test install lint format check migrate seed clean load bench worker

# uv installs the pinned requirements (about 7 s against pip's 30 s on a 2-core machine); where uv cannot be
# had (no wheel for the platform, or only pip's own package sources reachable), pip installs them.
UV_VERSION := 0.13.9

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	if $(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) >/dev/null 2>&1 && \
	  $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements-dev.txt; then :; \
	else \
	  echo "uv $(UV_VERSION) could not install the requirements: installing them with pip"; \
	  $(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt; \
	fi
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py load_seed_plan
	$(BIN)/python manage.py loaddata assurance_audit_cycles
	$(BIN)/python manage.py generate_demo_values
	$(BIN)/python manage.py setup_local_admin
	$(BIN)/python manage.py setup_demo_users

# The web server and, beside it, the worker that makes board packs in the background (both stop on Ctrl+C).
run: seed
	@echo "Serving on http://127.0.0.1:8000/ with a background worker (Ctrl+C stops both)"
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The background worker alone (production runs one or more of these beside the web servers).
worker: migrate
	$(BIN)/python manage.py db_worker

# The tests run on every core (pytest-xdist), a whole test file to a worker (--dist loadfile: measured
# quicker than handing out single tests, on SQLite and PostgreSQL alike). PYTEST_ARGS is appended, so it
# can override: PYTEST_ARGS="-n 0" runs them in one process, PYTEST_ARGS='-m "not slow"' skips the slow ones.
# On PostgreSQL the tests' connections do not wait for each commit to reach the disk (synchronous_commit off,
# through libpq's PGOPTIONS, for this command alone): a crash could lose the last commits of a throwaway test
# database, nothing else. The PostgreSQL run took about 5 % less (the tests' summed time 339 s against 358 s).
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	PGOPTIONS="$$PGOPTIONS -c synchronous_commit=off" $(BIN)/pytest -n auto --dist loadfile $(PYTEST_ARGS)

# Load test: gunicorn (4 workers) on PostgreSQL at 127.0.0.1:5432, 50 users for 60 s on the real mix of pages,
# then 60 s on a minimal page, compared (bench/load.sh).
load: install
	bash bench/load.sh

# Page benchmark: each main page as a multiple of a minimal page, at the demo size and ten times it, in a
# throwaway database (SQLite; PostgreSQL with DATABASE_URL). BENCH_ARGS is appended: BENCH_ARGS="--size demo".
bench: install
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
