# Fawang — two commands: `make run` and `make test`. Every target bootstraps .venv when missing.
# Python 3.11 to 3.13. Unset: python3 when it is one of those, else the newest found (tools/pick-python).
# Set (PYTHON=python3.13): that one, in its own environment, so two Pythons never share a .venv.
PYTHON ?=
VENV ?= $(if $(PYTHON),.venv-$(notdir $(PYTHON)),.venv)
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test bench lint format messages fonts setup worker system-packages

help:  ## list targets
	@grep -E '^[a-z]+:.*##' Makefile | sed 's/:.*## /\t/'

$(VENV)/.installed: pyproject.toml
	@interpreter=$$(tools/pick-python $(PYTHON)) && echo "$(VENV): $$($$interpreter -V) ($$interpreter)" \
		&& $$interpreter -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.installed  ## create .venv and install pinned dependencies
	$(MANAGE) compilemessages -v 0 --ignore '.venv*'
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) seed_demo
	$(MANAGE) knowledge_load

run: setup  ## migrate, load Sichuan's regions and the demo network, serve on 127.0.0.1:8000
	$(MANAGE) demo_logins
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

worker: $(VENV)/.installed  ## production task worker (django-tasks-db)
	$(MANAGE) db_worker

system-packages:  ## install Chromium, the Noto CJK, Tibetan and Yi fonts and gettext, or say the command to run
	@tools/system-packages

test: system-packages $(VENV)/.installed  ## the whole suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise)
	$(MANAGE) compilemessages -v 0 --ignore '.venv*'
	$(PY) -m pytest -q -n 2 $(ARGS)

bench: $(VENV)/.installed  ## benchmarks with baseline ratios (PostgreSQL when DATABASE_URL is set)
	$(PY) -m bench

lint: $(VENV)/.installed  ## ruff, ruff format, the import layers (lint-imports), mypy on the core apps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.installed  ## refresh gettext catalogs and merge every app's TRANSLATIONS.{zh,bo,ii}.tsv
	$(MANAGE) makemessages -l zh_Hans -l bo -l ii -l en --ignore '.venv*' --ignore 'var/*'
	$(MANAGE) makemessages -d djangojs -l bo -l ii --ignore '.venv*' --ignore 'var/*' --ignore 'node_modules/*'
	$(MANAGE) merge_translations
	$(MANAGE) compilemessages -v 0 --ignore '.venv*'

fonts: $(VENV)/.installed  ## rebuild the subsetted Tibetan and Yi web fonts (after bo/ii translations change)
	@tools/system-packages
	$(MANAGE) build_fonts
