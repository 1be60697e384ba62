# Two entry points, both on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= sample.duckdb
DEMO_PORT ?= 8000

.PHONY: demo test install clean-venv browser

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Build a database from the demo corpus (demo/: 39 short reports on the US-Israel-Iran thread of
# 2020-2023, written for the project), list the US -> Iran events found, and serve the dashboard
# with that dyad selected until Ctrl-C.
demo: install
	$(VENV)/bin/dyadwire ingest --db $(DB) demo/
	$(VENV)/bin/dyadwire events --db $(DB) --source USA --target IRN --limit 25
	@echo "dyadwire: open http://127.0.0.1:$(DEMO_PORT)/?source=USA&target=IRN in a browser (Ctrl-C stops)"
	$(VENV)/bin/dyadwire serve --db $(DB) --port $(DEMO_PORT)

test: install
	$(PY) -m pytest -q $(PYTEST_ARGS)

# Debian's Chromium, which the dashboard tests drive through Playwright (Playwright's own browser
# download cannot work offline). apt-get needs root, as in CI; .ci/run calls this before the tests.
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

clean-venv:
	rm -rf $(VENV)
