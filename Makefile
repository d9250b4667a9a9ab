# ASCN Knowledge Portal. `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_WORKERS ?= auto
# The slowest tests of each pass are listed at its end: where the time of `make test` goes.
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --durations=15
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run worker seed services services-stop test test-sqlite test-postgres test-opensearch \
	browser-deps lint format messages bench bench-deps backup restore clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the portal with its dev tools

# The address `make run` serves is the one e-mails link to (and the Wagtail Site's, see portal/sites.py).
run seed: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP) seed ## Install, migrate, load demo content and serve http://127.0.0.1:8000
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: $(STAMP) ## The background task worker (index updates when ELASTICSEARCH_URL is set)
	$(BIN)/python manage.py db_worker

seed: $(STAMP) ## Migrate and load the demo content (idempotent)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo

lint: $(STAMP) ## ruff check, ruff format --check, import-linter's layers, manage.py check, makemigrations --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP) ## Fix lint findings that ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

LANGUAGE_CODES := id ms fil vi th lo km my tet
messages: $(STAMP) ## Refresh the interface catalogues (locale/) from the code and compile them
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py makemessages \
		$(addprefix -l ,$(LANGUAGE_CODES)) --no-location \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=tools
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py compilemessages --ignore=.venv

SERVICES := $(PYTHON) -m services.control
services: ## Start PostgreSQL, Redis and OpenSearch (installed when missing); prints `export` lines
	@$(SERVICES) start

services-stop: ## Stop the services started by `make services`, by their recorded process ids
	@$(SERVICES) stop

# The services' addresses reach each pass through the environment, set by `make services`.
test: $(STAMP) browser-deps ## Install, start the services, lint, and run the tests on SQLite, PostgreSQL and OpenSearch
	@eval "$$($(SERVICES) start)" && $(MAKE) --no-print-directory lint test-sqlite test-postgres test-opensearch

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser-deps: ## Debian's Chromium for the browser tests, installed with apt when missing
	@command -v chromium >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Each pass names its database and search engine itself; none inherits another's.
ONLY_SQLITE := env -u DATABASE_URL -u ELASTICSEARCH_URL -u ELASTICSEARCH_BACKEND -u REDIS_URL
NEEDS = @test -n "$($(1))" || { echo "$(1) is not set: use make test, or eval the output of make -s services"; exit 2; }

test-sqlite: $(STAMP) browser-deps ## The test suite on SQLite and the database search backend (with the browser journeys)
	$(ONLY_SQLITE) REDIS_TEST_URL="$(REDIS_URL:/0=/15)" $(PYTEST)

# Browser journeys exercise pages, not the database: they run in the SQLite pass only. The
# PostgreSQL pass migrates fresh test databases and keeps them; the OpenSearch pass, on the same
# server, reuses them instead of migrating its own again (about 40 s of CPU per worker).
test-postgres: $(STAMP) ## The test suite on PostgreSQL (DATABASE_URL from `make services`)
	$(call NEEDS,DATABASE_URL)
	env -u ELASTICSEARCH_URL -u ELASTICSEARCH_BACKEND -u REDIS_URL REDIS_TEST_URL="$(REDIS_URL:/0=/15)" \
		$(PYTEST) -m "not browser" --create-db --reuse-db

test-opensearch: $(STAMP) ## Every search test against the live OpenSearch node, on PostgreSQL
	$(call NEEDS,DATABASE_URL)
	$(call NEEDS,ELASTICSEARCH_URL)
	env -u REDIS_URL $(PYTEST) -m "search and not browser" --reuse-db

bench-deps: ## wrk, the load generator of make bench, installed with apt when missing
	@command -v wrk >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }

bench: $(STAMP) bench-deps ## Start the services; gunicorn + wrk on generated practices: SQLite, PostgreSQL, OpenSearch
	@eval "$$($(SERVICES) start)" && $(BIN)/python -m bench

backup: $(STAMP) ## Back up the database (DATABASE_URL) and media into backups/<time>/ (or BACKUP=folder)
	$(BIN)/python manage.py backup $(if $(BACKUP),--output "$(BACKUP)")

restore: $(STAMP) ## Restore BACKUP=folder into a fresh, empty database (DATABASE_URL) and MEDIA_ROOT
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<time>"; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)"

clean: ## Stop the services; remove .venv, caches, service data, the demo database and uploaded media
	-$(SERVICES) stop
	rm -rf $(VENV) .services .pytest_cache .ruff_cache *.egg-info db.sqlite3 db.sqlite3-* media static_collected
