# Two entry points, both on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= sample.duckdb

.PHONY: demo test install clean-venv

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

clean-venv:
	rm -rf $(VENV)
