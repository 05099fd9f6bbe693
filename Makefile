# Two commands do all set-up on a fresh machine with Python 3.11:
#   make demo   - create .venv, install, migrate SQLite, load the demo data, serve on http://127.0.0.1:8000 (PORT overrides)
#   make test   - install what tests need, then lint, types, import contracts, migrations check and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The tests run on every core (pytest-xdist; a file's tests stay together on one worker). TEST_WORKERS=0 runs
# them in this one process (for a debugger), TEST_WORKERS=N on N workers.
TEST_WORKERS ?= auto

.PHONY: demo test browser lint types contracts migrations-check pytest format screenshots bench bench-web clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	SCIENCECITY_DEBUG=$${SCIENCECITY_DEBUG:-1} PORT=$(PORT) $(BIN)/sciencecity demo

test: $(VENV)/.installed-dev browser lint types contracts migrations-check pytest

# Debian Chromium for the browser tests: installed with apt-get when run as root, else a clear message.
browser:
	@bash scripts/ensure-browser.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests scripts conftest.py
	$(BIN)/ruff format --check src tests scripts conftest.py

types: $(VENV)/.installed-dev
	$(BIN)/mypy src tests scripts conftest.py

contracts: $(VENV)/.installed-dev
	$(BIN)/lint-imports

migrations-check: $(VENV)/.installed-dev
	$(BIN)/sciencecity makemigrations --check --dry-run

pytest: $(VENV)/.installed-dev browser
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

format: $(VENV)/.installed-dev
	$(BIN)/ruff format src tests scripts conftest.py
	$(BIN)/ruff check --fix src tests scripts conftest.py

bench: $(VENV)/.installed
	$(BIN)/python -m sciencecity.allocation bench --output bench/RESULTS.md

# The registry at national scale (issue 11): 150,000 instruments imported, served, measured with wrk on
# SQLite and PostgreSQL; writes its section of bench/RESULTS.md. Installs wrk with apt-get when missing.
bench-web: $(VENV)/.installed
	nice -n 10 $(BIN)/python bench/web/run.py

screenshots: $(VENV)/.installed-dev
	$(BIN)/python scripts/screenshots.py http://127.0.0.1:$(PORT)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
