# Safe Commissioning — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install static migrate demo serve test lint types test-sqlite test-postgres bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

safecom/static/build/app.css: node_modules/.package-lock.json scripts/build-static.mjs safecom/static/src/app.scss
	node scripts/build-static.mjs

install: $(VENV)/.installed safecom/static/build/app.css  ## .venv with the package, its dev tools and the built static files

static: safecom/static/build/app.css

migrate: install
	$(BIN)/safecom migrate --verbosity 0

demo: migrate  ## everything a newcomer needs: install, migrate, standards, demo portfolio, serve
	$(BIN)/safecom demo-data --scale small
	@echo
	@echo "Safe Commissioning is at http://$(HOST):$(PORT)/ (stop it with Ctrl+C)"
	@echo
	$(BIN)/safecom runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy safecom

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest -p no:cacheprovider

test-postgres: install
	@mkdir -p var/test-results
	DATABASE_URL="$${DATABASE_URL:-$(PG_TEST_URL)}" $(BIN)/pytest -p no:cacheprovider \
		--junitxml=var/test-results/postgres.xml

# Lint, types and the whole suite on SQLite; the same suite on PostgreSQL when DATABASE_URL is set.
test: lint types test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "DATABASE_URL not set: PostgreSQL run skipped"; fi

# The benchmarks of docs/performance.md on PostgreSQL (bench_large, bench_tenth; built when
# missing): writes bench/results.json and the table. Not part of `make test` or CI.
# BENCH_ARGS passes options on, e.g. BENCH_ARGS="--only http --scale tenth --quick".
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules safecom/static/build var/test-results
