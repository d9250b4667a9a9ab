# ASCN Knowledge Portal. `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run seed test test-sqlite test-postgres browser-deps lint format messages bench bench-deps backup restore clean

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

seed: $(STAMP) ## Migrate and load the demo content (idempotent)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo

lint: $(STAMP) ## ruff check, ruff format --check, manage.py check, makemigrations --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
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

test: lint test-sqlite test-postgres ## Install, lint, and run the tests on SQLite and PostgreSQL

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser-deps: ## Debian's Chromium for the browser tests, installed with apt when missing
	@command -v chromium >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test-sqlite: $(STAMP) browser-deps ## The test suite on SQLite (with the browser journeys)
	$(PYTEST)

# Browser journeys exercise pages, not the database: they run in the SQLite pass only.
test-postgres: $(STAMP) ## The test suite on PostgreSQL (PG_TEST_URL); required when CI=true
	@if $(BIN)/python -m tests.services postgres "$(PG_TEST_URL)"; then \
		DATABASE_URL="$(PG_TEST_URL)" $(PYTEST) -m "not browser"; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI=true and no PostgreSQL answers at $(PG_TEST_URL): failing"; exit 1; \
	else \
		echo "No PostgreSQL answers at $(PG_TEST_URL): PostgreSQL run skipped"; \
	fi

bench-deps: ## wrk, the load generator of make bench, installed with apt when missing
	@command -v wrk >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }

bench: $(STAMP) bench-deps ## gunicorn + wrk on 1k and 10k generated practices, SQLite and PostgreSQL
	$(BIN)/python -m bench

backup: $(STAMP) ## Back up the database (DATABASE_URL) and media into backups/<time>/ (or BACKUP=folder)
	$(BIN)/python manage.py backup $(if $(BACKUP),--output "$(BACKUP)")

restore: $(STAMP) ## Restore BACKUP=folder into a fresh, empty database (DATABASE_URL) and MEDIA_ROOT
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<time>"; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)"

clean: ## Remove .venv, caches, the demo database and uploaded media
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info db.sqlite3 db.sqlite3-* media static_collected
