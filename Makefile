# Tablero: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel test processes (pytest-xdist): "auto" = one per core, 0 = none.
TEST_WORKERS ?= auto
# `make run DEMO=no`: an empty board (home page, roles and workflow; no demo content).
DEMO ?= yes

.PHONY: run test bench scale-check lint format check venv messages clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Se necesita Python 3.11."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@bash .ci/pdf-libs.sh
	@if command -v msgfmt >/dev/null 2>&1; then $(COMPILEMESSAGES); fi
	@touch $(STAMP)

venv: $(STAMP)

# The catalogs (README.md, «Idioma de la interfaz»): locale/es completes Wagtail's Spanish
# by hand; locale/en is every string of the project in English, its msgids extracted from
# the code. The compiled .mo files are in git; tests/test_admin_spanish.py fails when one
# is older than its .po, tests/test_english.py when a project string has no English text.
COMPILEMESSAGES = $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules
MAKEMESSAGES = $(BIN)/python manage.py makemessages --locale=en --no-obsolete \
	--ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench --ignore=staticfiles \
	--ignore=media --ignore=var

## Update the English catalog with the code's strings (then translate its empty or fuzzy
## entries) and compile every catalog (.po → .mo); needs GNU gettext.
messages: $(STAMP)
	@command -v msgfmt >/dev/null 2>&1 || { echo "Se necesita GNU gettext (apt-get install gettext)."; exit 1; }
	$(MAKEMESSAGES) --domain=django
	$(MAKEMESSAGES) --domain=djangojs
	$(COMPILEMESSAGES)

## Run the site with demo content on http://$(HOST):$(PORT) (admin at /admin/).
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_roles
	@if [ "$(DEMO)" = "no" ]; then \
		$(BIN)/python manage.py setup_site; \
	else \
		$(BIN)/python manage.py load_demo --if-empty; \
	fi
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run the whole test suite.
test: $(STAMP)
	@bash .ci/pdf-libs.sh
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## National-scale benchmark on PostgreSQL with gunicorn and wrk (not part of `make test`).
bench: $(STAMP)
	bench/run.sh $(BENCH_ARGS)

## Two app servers sharing PostgreSQL, Redis and S3-compatible storage (README, "A escala").
scale-check: $(STAMP)
	bench/scale_check.sh $(SCALE_ARGS)

## Style (ruff) and the import map (import-linter's contracts in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles var
