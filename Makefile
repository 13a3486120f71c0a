# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make demo   runs the main job on the bundled dataset
#   make test   runs the whole test suite
# Both run `make setup` first (Graphviz and Chromium system packages + .venv), which is quick when done.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: setup demo test lint typecheck dist docs figures fuzz bench clean test-oldest test-arrow test-newest

setup: $(STAMP)
	@# headless Chromium prints reports to PDF and renders them in the tests (orggraph report)
	@if ! command -v chromium >/dev/null; then \
		echo "installing Chromium"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

$(STAMP): pyproject.toml
	@if ! pkg-config --exists libcgraph 2>/dev/null || ! command -v dot >/dev/null; then \
		echo "installing Graphviz system packages"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq graphviz libgraphviz-dev pkg-config; \
	fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	@touch $(STAMP)

demo: setup
	@mkdir -p $(OUT)
	$(BIN)/orggraph tables --dataset nova2008 --out $(OUT)/tables_vs_report.csv --force
	$(BIN)/orggraph metrics --dataset nova2008 --out $(OUT)/metrics.csv --force
	$(BIN)/orggraph agreement --out $(OUT)/agreement.csv --force
	$(BIN)/orggraph figures --dataset nova2008 --out $(OUT)/figures --format svg,png --force

# the figures kept in git (figures/), regenerated from the bundled dataset
figures: setup
	$(BIN)/orggraph figures --dataset nova2008 --out figures --format svg,png --force

lint: setup
	$(BIN)/ruff check orggraph tests datasets tools benchmarks

typecheck: setup
	$(BIN)/mypy

test: setup lint typecheck dist docs
	$(BIN)/python -m pytest -q

# the documentation site (docs/_build/html): every docstring checked by numpydoc, notebooks executed, warnings are errors
docs: setup
	$(BIN)/numpydoc lint $$(git ls-files 'orggraph/*.py' 'orggraph/**/*.py')
	$(BIN)/sphinx-build -E -W --keep-going -q -b html docs docs/_build/html

# the sdist and wheel: built, checked with twine --strict, contents checked, part of the tests run from the sdist
dist: setup
	$(BIN)/python tools/check_dist.py

# the dedicated long fuzz run: 10 000 generated cases per reader (CSV folder, YAML/JSON, XLSX)
fuzz: setup
	ORGGRAPH_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py

# speed: every row of issue 13 against its floor or peer in the same run (fresh process per measurement)
bench: setup
	$(BIN)/python benchmarks/bench.py --repeats 3 --out benchmarks/results.md
	$(BIN)/python benchmarks/bench_validate.py --sizes 2000,8000,32000 --repeats 5

# Supported versions (run by hand, not by `make test`: each builds its own venv, then runs pytest).
#   make test-oldest   Python 3.11, every dependency at the oldest release pyproject.toml allows (.ci/constraints-oldest.txt)
#   make test-arrow    Python 3.11, pandas 3.0 + pyarrow 25: text in pyarrow strings, regexes sent to pyarrow's RE2
#   make test-newest   Python 3.13 (or 3.12), the newest release of everything
# Each venv is rebuilt when pyproject.toml or its constraints change; pip freeze goes to <venv>/versions.txt.
OLDEST_PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) python3.11)
# the first Python 3.13 or 3.12 that runs (pyenv shims exist for versions that are not active)
NEWEST_PYTHON ?= $(firstword $(shell for p in python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3 python3.12 \
	$$HOME/.pyenv/versions/3.12*/bin/python3; do $$p -c "" 2>/dev/null && echo $$p; done))

test-oldest: setup .venv-oldest/.installed
	.venv-oldest/bin/python -m pytest -q -p no:cacheprovider

test-arrow: setup .venv-arrow/.installed
	.venv-arrow/bin/python -m pytest -q -p no:cacheprovider

test-newest: setup .venv-newest/.installed
	.venv-newest/bin/python -m pytest -q -p no:cacheprovider

.venv-oldest/.installed: PY = $(OLDEST_PYTHON)
.venv-oldest/.installed: PIPFLAGS = -c .ci/constraints-oldest.txt
.venv-oldest/.installed: .ci/constraints-oldest.txt
.venv-arrow/.installed: PY = $(OLDEST_PYTHON)
.venv-arrow/.installed: PIPFLAGS = -c .ci/constraints-arrow.txt
.venv-arrow/.installed: .ci/constraints-arrow.txt
.venv-newest/.installed: PY = $(NEWEST_PYTHON)
.venv-newest/.installed: PIPFLAGS = --upgrade --upgrade-strategy eager
.venv-%/.installed: pyproject.toml
	rm -rf .venv-$*
	$(PY) -m venv .venv-$*
	.venv-$*/bin/python -m pip install -q --upgrade pip
	.venv-$*/bin/python -m pip install -q $(PIPFLAGS) -e ".[test]"
	.venv-$*/bin/python -m pip freeze --exclude-editable > .venv-$*/versions.txt
	@.venv-$*/bin/python --version; grep -iE '^(numpy|pandas|pyarrow|networkx|scipy|matplotlib)==' .venv-$*/versions.txt
	@touch $@

clean:
	rm -rf $(VENV) .venv-oldest .venv-arrow .venv-newest $(OUT) .pytest_cache .ruff_cache .hypothesis build docs/_build
