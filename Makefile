# The two set-up commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test lint typecheck contracts-layers pytest bench bench-quick bench-record clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "umt needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

## run: the whole platform on the embedded defaults (SQLite under ./var), on http://127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/umt migrate
	$(BIN)/umt serve --no-migrate

## test: lint, types, layer contracts and every test; non-zero on any failure
test: lint typecheck contracts-layers pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

contracts-layers: $(VENV)/.installed-dev
	$(BIN)/lint-imports

# pytest exits 5 when it collects nothing, which fails make: no silent empty run. One process:
# the parallel run (README: `-n auto --dist loadgroup`) has yet to be shown stable under load.
pytest: $(VENV)/.installed-dev
	$(BIN)/pytest -q -p no:cacheprovider

bench: $(VENV)/.installed-dev
	$(PY) bench/http_read.py

## bench-quick: every bench/ script's quick mode, one after another (5-10 minutes; needs
## PostgreSQL, RabbitMQ, Redis and wrk: docs/benchmarks.md). Not part of `make test`.
bench-quick: $(VENV)/.installed-dev
	$(PY) bench/report.py --quick

## bench-record: the same, then rewrite the figures table of docs/benchmarks.md
bench-record: $(VENV)/.installed-dev
	$(PY) bench/report.py --quick --record

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
