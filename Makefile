# Two entry points, both on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= sample.duckdb

.PHONY: demo test install clean-venv browser

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Build a database from the bundled sample articles and show what was found.
demo: install
	$(VENV)/bin/dyadwire ingest --db $(DB) samples/
	$(VENV)/bin/dyadwire events --db $(DB) --limit 25

test: install
	$(PY) -m pytest -q $(PYTEST_ARGS)

# Debian's Chromium, which the dashboard tests drive through Playwright (Playwright's own browser
# download cannot work offline). apt-get needs root, as in CI; .ci/run calls this before the tests.
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update && apt-get install -y chromium; }

clean-venv:
	rm -rf $(VENV)
