# Fawang — two commands: `make run` and `make test`. Every target bootstraps .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test bench lint format messages setup worker

help:  ## list targets
	@grep -E '^[a-z]+:.*##' Makefile | sed 's/:.*## /\t/'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.installed  ## create .venv and install pinned dependencies
	$(MANAGE) compilemessages -v 0 --ignore '.venv/*'
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) seed_demo

run: setup  ## migrate, load Sichuan's regions and the demo network, serve on 127.0.0.1:8000
	$(MANAGE) demo_logins
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

worker: $(VENV)/.installed  ## production task worker (django-tasks-db)
	$(MANAGE) db_worker

test: $(VENV)/.installed  ## the whole suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise)
	$(MANAGE) compilemessages -v 0 --ignore '.venv/*'
	$(PY) -m pytest -q -n 2 $(ARGS)

bench: $(VENV)/.installed  ## benchmarks with baseline ratios (PostgreSQL when DATABASE_URL is set)
	$(PY) -m bench

lint: $(VENV)/.installed  ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.installed  ## refresh gettext catalogs and merge every app's TRANSLATIONS.zh.tsv
	$(MANAGE) makemessages -l zh_Hans -l en --ignore '.venv/*' --ignore 'var/*'
	$(MANAGE) merge_translations
	$(MANAGE) compilemessages -v 0 --ignore '.venv/*'
