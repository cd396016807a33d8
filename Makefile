# Two commands set everything up: `make serve` and `make test`. Both create .venv first.
# `make check` is the fast loop while working (under a minute); `make test` is what CI runs.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build lint check test bench manual clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## build and serve the site on http://127.0.0.1:8000, rebuilding on edits
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## write the site to site/ (fails on any warning)
	$(VENV)/bin/mkdocs build --strict

lint: $(STAMP)  ## ruff (lint and format) and mypy, as configured in pyproject.toml
	$(VENV)/bin/ruff check
	$(VENV)/bin/ruff format --check
	$(VENV)/bin/mypy

check: lint  ## lint, and the tests that build no site and start no browser (under a minute)
	$(PY) -m pytest -n auto -m "not build and not browser"

test: lint  ## lint, and the whole test suite (what CI runs), a test file per worker on every core
	$(PY) -m pytest -n auto --dist loadfile

bench: $(STAMP)  ## the speed benchmarks (about 30 minutes): bench/results.md and .svg, bench/importing.md
	$(PY) bench/run.py

manual: $(STAMP)  ## rewrite docs/manual/cli.md from the commands' --help (a test fails when it is out of date)
	$(PY) scripts/manual.py

clean:
	rm -rf site $(VENV)
