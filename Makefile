# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test`: one per core.
TEST_WORKERS ?= auto
# The address mails link to; by default the one `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint bench bench-files api-fuzz clean cluster cluster-down cluster-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

## run: install, migrate, load the demo if the database is empty, serve http://127.0.0.1:8000/
run: $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: lint, migration and system checks, then the whole test suite, one pytest-xdist worker
## per core (TEST_WORKERS=0 runs it in one process)
test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --fail-level WARNING
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=planes.example.gov.co DJANGO_SETTINGS_MODULE=planaccion.settings_production \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .ruff_cache

## api-fuzz: schemathesis against the API's OpenAPI document on a throwaway demo instance
api-fuzz: $(VENV)/.installed-dev
	bin/api-fuzz

## bench: a national instance on SQLite and PostgreSQL (dashboard, plan pages, PDF, gunicorn + wrk
## load), XLSX export and import of a 5,000-activity plan, then bench-files; results in
## docs/performance.md
bench: $(VENV)/.installed-dev
	command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
	bin/postgres-up
	$(BIN)/python bench/national.py
	$(BIN)/python bench/formats.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/files.py

## bench-files: read files built to exhaust the importer, and real plans, each in a forked child,
## against the bound of issue 17 (10 s and 300 MB for any file of up to 20 MB); no database,
## about a minute
bench-files: $(VENV)/.installed-dev
	$(BIN)/python bench/files.py

## cluster: a national deployment on this machine (bin/cluster): PostgreSQL primary and streaming
## replica, Redis, S3 (moto_server), two gunicorn nodes, the task worker, the scheduler and nginx
## on http://127.0.0.1:8100/; `source var/cluster/env` to use it from a shell
cluster: $(VENV)/.installed-dev
	bin/cluster up

cluster-down:
	bin/cluster down

## cluster-test: a fresh cluster, the scenarios of cluster/tests/ through nginx (nodes, the worker
## and Redis killed on purpose), then the cluster stopped, also when a test fails
cluster-test: $(VENV)/.installed-dev
	bin/cluster down --purge
	bin/cluster up && (set -a && . var/cluster/env && set +a && \
	  $(BIN)/pytest -c cluster/pytest.ini cluster/tests $(PYTEST_ARGS)); \
	  rc=$$?; bin/cluster down; exit $$rc
