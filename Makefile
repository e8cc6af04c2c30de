# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
DATA ?= ../shared/data
DB ?= sqlite:///commonground.db

.PHONY: run test install install-test build serve lint typecheck check bench clean screenshots

$(BIN)/commonground: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

# Front-end libraries (Vega-Lite, world-atlas) from the npm registry, as package-lock.json pins.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(BIN)/commonground node_modules/.package-lock.json

install-test: install
	$(BIN)/pip install --quiet -e '.[test]'

build: install
	$(BIN)/commonground build --data $(DATA) --db $(DB)

serve: install
	$(BIN)/commonground serve --host $(HOST) --port $(PORT) --db $(DB)

## Build the database from the bundle and serve the app at http://$(HOST):$(PORT)
run: build serve

## Install what the tests need (a local PostgreSQL server included) and run them all
test: install-test
	COMMONGROUND_TEST_PG_URL="$$(scripts/test-postgres)" $(BIN)/pytest

lint: install-test
	$(BIN)/ruff check src tests bench

typecheck: install-test
	$(BIN)/mypy

check: lint typecheck test

## Serve the database (built if missing) and save PNGs of the main pages into screenshots/
screenshots: install-test
	$(BIN)/python scripts/screenshots.py --data $(DATA) --db $(DB) --out screenshots

bench: install-test
	COMMONGROUND_TEST_PG_URL="$$(scripts/test-postgres)" $(BIN)/python bench/build.py

clean:
	rm -rf $(VENV) commonground.db commonground.db.building
