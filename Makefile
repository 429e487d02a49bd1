# Wegwijs: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
WEGWIJS := $(VENV)/bin/wegwijs
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/wegwijs
DATA_DIR ?= $(wildcard ../shared/data)
DEV := DJANGO_SETTINGS_MODULE=wegwijs.conf.dev

.PHONY: install run test test-sqlite test-postgres lint format messages schema clean

$(VENV)/.installed: pyproject.toml
	@PYTHON=$$(scripts/find-python) && echo "Using $$PYTHON" && \
	  ( [ -x $(PY) ] || $$PYTHON -m venv $(VENV) ) && \
	  $(PY) -m pip install --quiet --upgrade pip && \
	  $(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

run: install
	$(DEV) $(WEGWIJS) migrate --noinput
	@if [ ! -f var/.demo-loaded ]; then \
	  $(DEV) $(WEGWIJS) loaddemo $(if $(DATA_DIR),--data-dir $(DATA_DIR)) && touch var/.demo-loaded; \
	else $(DEV) $(WEGWIJS) loaddemo --print-logins; fi
	@echo "Wegwijs runs on http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	@echo "The background worker (e-mail, reminders, retention) runs beside it; e-mail is printed here."
	@$(DEV) $(WEGWIJS) worker --scheduler --no-startup-delay -v0 & WORKER=$$!; \
	  trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(DEV) $(WEGWIJS) runserver $(HOST):$(PORT)

test: install
	scripts/test-all

test-sqlite: install
	DJANGO_SETTINGS_MODULE=wegwijs.conf.test DATABASE_URL= $(VENV)/bin/pytest -p no:cacheprovider

test-postgres: install
	DJANGO_SETTINGS_MODULE=wegwijs.conf.test DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy
	DJANGO_SETTINGS_MODULE=wegwijs.conf.test $(WEGWIJS) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=wegwijs.conf.test $(WEGWIJS) spectacular --lang en --validate --fail-on-warn --file /tmp/wegwijs-openapi.yaml
	@diff -u src/wegwijs/api/openapi.yaml /tmp/wegwijs-openapi.yaml || (echo "The committed OpenAPI schema is out of date: run 'make schema'"; exit 1)
	$(PY) scripts/check-messages

format: install
	$(VENV)/bin/ruff check --fix src tests bench
	$(VENV)/bin/ruff format src tests bench

schema: install
	DJANGO_SETTINGS_MODULE=wegwijs.conf.test $(WEGWIJS) spectacular --lang en --validate --fail-on-warn --file src/wegwijs/api/openapi.yaml

messages: install
	cd src/wegwijs && mkdir -p locale && export DJANGO_SETTINGS_MODULE=wegwijs.conf.test && ../../$(WEGWIJS) makemessages -l nl -l en --no-obsolete --no-location --ignore 'tests/*' && ../../$(WEGWIJS) compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache
