# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python

.PHONY: install demo test lint format bench bench-scale eval clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

## Start the bundled local web, verify the example issue through it, print the report's path.
demo: install
	$(PY) scripts/demo.py

## The whole test suite (real local HTTPS web, no internet).
test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check verifier tests scripts benchmarks
	$(VENV)/bin/ruff format --check verifier tests scripts benchmarks
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format verifier tests scripts benchmarks
	$(VENV)/bin/ruff check --fix verifier tests scripts benchmarks

## Crawl 1,000 URLs over 50 local HTTPS hosts (50 ms latency): URLs/s, peak memory; claims/s.
bench: install
	$(PY) benchmarks/crawl.py
	$(PY) benchmarks/checks.py

## `verifier links` over 500 issues and 20,000 URLs (about 3 minutes): URLs/s, peak memory.
bench-scale: install
	$(PY) benchmarks/scale.py

## The labelled evaluation sets of claim checks: precision, recall, confusion matrix.
eval: install
	$(PY) tests/eval/run.py --cases tests/eval/cases.toml
	$(PY) tests/eval/run.py --cases tests/eval/heldout.toml
	$(PY) tests/eval/run.py --cases tests/eval/final.toml
	$(PY) tests/eval/run.py --cases tests/eval/blind3.toml
	$(PY) tests/eval/run.py --cases tests/eval/blind4.toml
	$(PY) tests/eval/run.py --cases tests/eval/blind5.toml
	$(PY) tests/eval/run.py --cases tests/eval/blind6.toml
	$(PY) tests/eval/run.py --cases tests/eval/blind7.toml
	$(PY) tests/eval/run.py --cases tests/eval/translations.toml
	$(PY) tests/eval/run.py --cases tests/eval/translations_blind.toml
	$(PY) tests/eval/run.py --cases tests/eval/translations_blind2.toml

clean:
	rm -rf .localweb .pytest_cache .mypy_cache .ruff_cache
