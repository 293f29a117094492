# The two set-up commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test lint typecheck contracts-layers pytest web-test bench bench-quick bench-record clean

# The web app (web/, Node 20+): installed when package-lock.json changes, built when a source
# changes. Without npm, `make run` serves the API alone and says so.
NPM := $(shell command -v npm 2>/dev/null)
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	web/vite.config.ts web/tsconfig.json web/tsconfig.app.json web/package.json

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run -s build

ifeq ($(NPM),)
WEB_BUILD :=
else
WEB_BUILD := web/dist/index.html
endif

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
run: $(VENV)/.installed $(WEB_BUILD)
	@$(if $(NPM),,echo "npm not found: serving the API without the web app (web/ needs Node 20+)")
	$(BIN)/umt migrate
	$(if $(NPM),UMT_WEB_DIR=web/dist )$(BIN)/umt serve --no-migrate

## test: lint, types, layer contracts and every test; non-zero on any failure
test: lint typecheck contracts-layers pytest web-test

## web-test: the web app's lint, type check, component tests, then its end-to-end run in
## Debian's chromium (installed by .ci/run) against a real `umt serve`
web-test: web/dist/index.html $(VENV)/.installed-dev
	cd web && npm run -s lint && npm run -s typecheck && npm test --silent
	cd web && UMT_BIN=../$(BIN)/umt npm run -s e2e

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

contracts-layers: $(VENV)/.installed-dev
	$(BIN)/lint-imports

# pytest exits 5 when it collects nothing, which fails make: no silent empty run. One worker
# process per core (tests/conftest.py keeps every test that reaches RabbitMQ on one of them);
# PYTEST_WORKERS=0 runs them all in this process.
PYTEST_WORKERS ?= auto
pytest: $(VENV)/.installed-dev
	$(BIN)/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup

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
