# Waypoint: the only entry points people and CI use. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: help install run worker test test-sqlite test-postgres test-browser check lint fmt typecheck \
        imports migrations-check schema schema-check permissions-doc lock browser-deps messages benchmarks load-test load-smoke clean

help:
	@echo "make run      install, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test     install and run the whole suite (checks, SQLite, PostgreSQL, browser)"
	@echo "make install  create $(VENV) with the locked dependencies (idempotent)"
	@echo "make check    lint, types, import contracts, migrations and API schema checks"

install: $(STAMP)

$(STAMP): requirements/base.lock requirements/dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	WAYPOINT_ENV=test $(PY) manage.py compile_translations
	@touch $@

run: install
	@WAYPOINT_ENV=$${WAYPOINT_ENV:-development} $(PY) manage.py migrate --noinput -v 0
	@WAYPOINT_ENV=$${WAYPOINT_ENV:-development} $(PY) manage.py load_demo
	@WAYPOINT_ENV=$${WAYPOINT_ENV:-development} $(PY) manage.py serve --host $(HOST) --port $(PORT)

worker: install
	$(PY) manage.py run_worker

# The whole suite: static checks, then the tests on SQLite, on a throwaway PostgreSQL cluster and in
# Debian's Chromium.
test: install browser-deps check test-sqlite test-postgres test-browser

test-sqlite: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser and not load" -q

test-postgres: install
	$(PY) devtools/pgcluster.py -- $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser and not load" -q -p no:cacheprovider

test-browser: install browser-deps
	$(PY) -m pytest -m browser -q -p no:cacheprovider

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

check: install lint typecheck imports migrations-check schema-check

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

fmt: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

typecheck: install
	$(PY) -m mypy

imports: install
	$(VENV)/bin/lint-imports --no-cache

migrations-check: install
	WAYPOINT_ENV=test $(PY) manage.py makemigrations --check --dry-run

schema: install
	WAYPOINT_ENV=test $(PY) manage.py spectacular --validate --fail-on-warn --file docs/api/openapi.yaml

schema-check: install
	@WAYPOINT_ENV=test $(PY) manage.py spectacular --validate --fail-on-warn --file $(VENV)/openapi.new.yaml
	@diff -u docs/api/openapi.yaml $(VENV)/openapi.new.yaml || { echo "The API schema drifted: run 'make schema' and commit docs/api/openapi.yaml"; exit 1; }

permissions-doc: install
	WAYPOINT_ENV=test $(PY) manage.py permissions_doc --output docs/permissions.md

messages: install
	WAYPOINT_ENV=test $(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=benchmarks
	WAYPOINT_ENV=test $(PY) manage.py compile_translations

lock:
	$(PYTHON) -m pip install --quiet uv
	cd requirements && $(PYTHON) -m uv pip compile base.in -p 3.11 --generate-hashes -o base.lock -q
	cd requirements && $(PYTHON) -m uv pip compile dev.in base.in -p 3.11 --generate-hashes -o dev.lock -q

benchmarks: install
	$(PY) benchmarks/run.py
	$(PY) benchmarks/bench_exchange_import.py

# Locust against gunicorn on a throwaway PostgreSQL with 100,000 cases (not part of `make test`);
# e.g. make load-test LOAD_ARGS="--cases 20000 --seconds 30".
load-test: install
	$(PY) benchmarks/load/run.py $(LOAD_ARGS)

# The harness end to end at a tiny size (tests/test_load_harness.py; minutes, so not in `make test`).
load-smoke: install
	$(PY) -m pytest -m load -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
