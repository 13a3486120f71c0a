# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make demo   runs the main job on the bundled dataset
#   make test   runs the whole test suite
# Both run `make setup` first (Graphviz and Chromium system packages + .venv), which is quick when done.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: setup demo test lint typecheck dist docs figures fuzz bench clean

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

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .hypothesis build docs/_build
