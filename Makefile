# newswatch: the README's commands. Every target installs what it needs itself.
#   make crawl   set up, then crawl every configured outlet into the embedded store (the main job)
#   make test    set up, then run the whole test suite and the linter
#   make demo    crawl the bundled mock news site offline and print what was stored
#   make bench   the end-to-end benchmark at N=1k, 10k, 100k (bench/run.py; figures in bench/RESULTS.md)

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: setup system-deps crawl test lint demo bench clean

# Debian packages: a Python with venv, Chromium for the few outlets flagged js: true, and redis-server for
# the scale-out tests (a shared scrapy-redis frontier).
system-deps:
	@if ! $(PYTHON) -c "import venv, ensurepip" >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 \
	    || ! command -v redis-server >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3 python3-venv python3-pip chromium redis-server >/dev/null; \
	  else echo "warning: apt-get not found; install python3-venv, chromium and redis-server yourself" >&2; fi; \
	fi

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

setup: system-deps $(STAMP)

crawl: setup
	$(BIN)/newswatch crawlall

# Tests run in TEST_JOBS processes (pytest-xdist), a test file per process at a time so a file's crawl fixtures are
# built once; TEST_JOBS=0 runs them in this process.
TEST_JOBS ?= auto
test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q --durations=15 $(if $(filter 0,$(TEST_JOBS)),,-n $(TEST_JOBS) --dist loadfile)

lint: setup
	$(BIN)/ruff check .

demo: setup
	$(BIN)/python -m tests.demo

# The end-to-end benchmark at 1k, 10k and 100k articles (100k takes an hour or more on 2 cores);
# e.g. `make bench BENCH_ARGS="--n 1000"` for a quick run, `--smoke` for the CI-sized one.
BENCH_ARGS ?= --n 1000,10000,100000 --progress 60
bench: setup
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The virtualenv and caches only: data/ holds the crawled articles (the embedded store, spill files, logs).
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
