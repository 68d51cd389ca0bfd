# The same verbs locally and in CI. Everything sets itself up on first use.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_HOUSEHOLDS ?= 10000
DEMO_RESPONSES ?= 0.6

.PHONY: setup run test check bench clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(BIN)/sensus: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON) --quiet
	@touch $@

# The browser modules' checks, ESLint and TypeScript's tsc (package.json, eslint.config.js,
# tsconfig.json): development tools only, nothing from npm is served (ADR 0007).
NODE_TOOLS := node_modules/.installed
$(NODE_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

setup: $(BIN)/sensus $(NODE_TOOLS)

## run: migrate the embedded SQLite database, load a demo registry, start the server
run: setup
	$(BIN)/sensus db upgrade
	$(BIN)/sensus demo --households $(DEMO_HOUSEHOLDS) --responses $(DEMO_RESPONSES)
	$(BIN)/sensus serve --host $(HOST) --port $(PORT)

## test: the whole suite (SQLite always; PostgreSQL too when SENSUS_TEST_POSTGRES_URL is set)
test: setup
	$(BIN)/pytest -n 2 --dist loadgroup

## check: lint, format, types (Python and JavaScript) and the layer contracts
check: setup
	node_modules/.bin/eslint .
	@missing=$$(grep -rL --include='*.js' --exclude-dir=vendor '^// @ts-check' sensus/web/static/js); \
	  if [ -n "$$missing" ]; then echo "No // @ts-check, so tsc skips:"; echo "$$missing"; exit 1; fi
	node_modules/.bin/tsc -p tsconfig.json
	node_modules/.bin/tsc -p tsconfig.core.json
	node_modules/.bin/tsc -p tsconfig.strict.json
	$(BIN)/ruff check sensus tests bench
	$(BIN)/ruff format --check sensus tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

## bench: benchmarks, out of the test run; figures go to docs/PERFORMANCE.md
bench: setup
	$(BIN)/python bench/registry_import.py
	$(BIN)/python bench/submission.py
	$(BIN)/python bench/answers.py
	$(BIN)/python bench/peak.py --quick
	$(BIN)/python bench/page_budget.py
	$(BIN)/python bench/officer_bundle.py
	$(BIN)/python bench/officer_sync.py
	$(BIN)/python bench/officer_app.py
	$(BIN)/python bench/headquarters.py
	$(BIN)/python bench/export.py

clean:
	rm -rf .venv .tools node_modules var .pytest_cache .mypy_cache .ruff_cache
