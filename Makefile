# Two commands set everything up: `make serve` and `make test`. Both create .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## build and serve the site on http://127.0.0.1:8000, rebuilding on edits
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## write the site to site/ (fails on any warning)
	$(VENV)/bin/mkdocs build --strict

test: $(STAMP)  ## the whole test suite
	$(PY) -m pytest

bench: $(STAMP)  ## the speed benchmarks (about 10 minutes): bench/results.md and .svg, bench/importing.md
	$(PY) bench/run.py
	$(PY) bench/importing.py --both

clean:
	rm -rf site $(VENV)
