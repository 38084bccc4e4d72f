# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# The bundled local web (`localweb/`) lives in the repository, not in the installed package.
export PYTHONPATH := $(CURDIR)

.PHONY: install browser demo screenshots test test-cluster cluster-servers fuzz lint format bench bench-service bench-cluster bench-archive bench-scale bench-peers eval retrieval calibration wheel-check clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@echo "make install: a virtual environment in $(VENV), then verifier with its test and dev tools (a minute or two)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --progress-bar on -e '.[dev]'
	touch $@

## Start the bundled local web, verify the example issue through it, print the report's path.
demo: install
	$(PY) scripts/demo.py

## Pictures of the demo's report in headless Chromium, for the README (run `make demo` first).
screenshots: install browser
	$(PY) scripts/screenshots.py

## The browser the browser tests drive: Debian's chromium (with a Japanese font, so the
## screenshots show the issue's text), installed when missing (as root; anyone else gets
## the command to run). VERIFIER_CHROMIUM names another.
CHROMIUM := $(or $(VERIFIER_CHROMIUM),/usr/bin/chromium)
browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipafont-gothic; \
	else \
		echo "make browser: no $(CHROMIUM); the browser tests will fail." \
			"Run 'sudo apt-get install chromium fonts-ipafont-gothic' or set VERIFIER_CHROMIUM." >&2; \
	fi
	@# axe-core, the accessibility checker the browser tests run in the report (npm, pinned)
	@if [ ! -f .axe/node_modules/axe-core/axe.min.js ]; then \
		if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ]; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; fi; \
		npm install --silent --no-audit --no-fund --prefix .axe axe-core@4.14.1; \
	fi

## The whole test suite (real local HTTPS web, a real browser, no internet).
test: install browser
	$(PY) -m pytest -q

## The service past one machine (docs/scaling.md), on real servers: the archive's tests on
## PostgreSQL too, the job table's, the politeness and claims shared through Redis, then the
## API and three workers verifying 20 issues citing 5,000 URLs while one worker is killed
## and Redis and PostgreSQL restart; the reports must equal one process's. The servers are
## Debian's redis-server and postgresql, installed when missing (as root; anyone else gets
## the command to run), each started by the tests in a temporary folder.
test-cluster: install cluster-servers
	VERIFIER_CLUSTER=1 $(PY) -m pytest -q tests/cluster tests/unit/archive tests/unit/test_jobs.py

cluster-servers:
	@missing=""; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
		echo "make test-cluster: needs$$missing; run 'sudo apt-get install$$missing'" >&2; \
		exit 2; \
	fi

## The parser on over 100,000 generated issues (hypothesis's `fuzz` profile; the suite runs
## a few hundred): any input parses or is refused with one line, never a crash.
fuzz: install
	$(PY) -m pytest -q tests/unit/parse/test_fuzz.py --hypothesis-profile=fuzz -o timeout=3000 \
		--hypothesis-show-statistics

## ruff, mypy strict, and import-linter's stage contracts (pyproject.toml).
lint: install
	$(VENV)/bin/ruff check verifier localweb tests scripts benchmarks
	$(VENV)/bin/ruff format --check verifier localweb tests scripts benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(MAKE) --no-print-directory wheel-check

format: install
	$(VENV)/bin/ruff format verifier localweb tests scripts benchmarks
	$(VENV)/bin/ruff check --fix verifier localweb tests scripts benchmarks

## Crawl 1,000 URLs over 50 local HTTPS hosts (50 ms latency): URLs/s, peak memory; claims/s;
## a report of 200 citations written and opened in Chromium.
bench: install browser
	$(PY) benchmarks/parse.py
	$(PY) benchmarks/crawl.py
	$(PY) benchmarks/checks.py
	$(PY) benchmarks/report.py

## The service under load: the example submitted by 1, 4 and 16 concurrent clients.
bench-service: install
	$(PY) benchmarks/service.py

## The service on Redis and PostgreSQL with 1, 2 and 3 workers: URLs/s, and the CPU that
## workers, PostgreSQL and Redis spend per 1,000 URLs (docs/scaling.md).
bench-cluster: install cluster-servers
	$(PY) benchmarks/cluster.py

## The archive's whole-archive queries (the index's trend, stats) over 2,000,000 synthetic
## snapshots, on PostgreSQL and SQLite (docs/scaling.md).
bench-archive: install cluster-servers
	$(PY) benchmarks/archive_scale.py

## `verifier links` over 500 issues and 20,000 URLs (about 3 minutes): URLs/s, peak memory.
bench-scale: install
	$(PY) benchmarks/scale.py

## The peer benchmark (../shared/bench): `verifier links`, linkinator and a bare aiohttp client over
## the same local web in interleaved rounds, then the ratios issue 16 sets targets on.
bench-peers: install
	ONLY='verifier|linkinator \(defaults\)|ref-aiohttp' SKIP_DIAG=1 bash ../shared/bench/run_peers.sh
	$(PY) benchmarks/peers.py

## The labelled evaluation sets of claim checks: precision, recall, confusion matrix; then the
## quote cases generated from WMT22 (../shared/data), split by document, measured per split and rule.
eval: install
	$(PY) tests/eval/corpus.py
	$(PY) tests/eval/corpus_verdicts.py
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
	$(PY) tests/eval/wmt22.py --score train --score dev --score test

## Top-1 retrieval of translations on Tatoeba and WMT22 (../shared/data) for e5, USE and their
## mean, and each model's sentences/s (about 3 minutes).
retrieval: install
	$(PY) tests/eval/retrieval.py --limit 2037

## Fit the translated-quote verdict (a logistic regression per ranking model) on the WMT22 train
## split, choose its thresholds on dev, write verifier/verify/quotes/calibration.json, and print
## every split's and team set's measures with reliability tables (minutes cold, seconds cached).
calibration: install
	$(PY) tests/eval/calibration.py --write

clean:
	rm -rf .localweb .pytest_cache .mypy_cache .ruff_cache

## The wheel a user installs: it must carry the package's data and none of the local web.
wheel-check: install
	rm -rf build .wheel-check
	$(PY) -m pip wheel --quiet --no-deps . -w .wheel-check
	$(PY) scripts/check_wheel.py .wheel-check/*.whl
	rm -rf build .wheel-check
