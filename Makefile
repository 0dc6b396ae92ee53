# westdev-kg — `make run` builds the knowledge graph, `make test` runs every test
# (`make test-fast`: the quick subset; docs/testing.md).
# Both create .venv when it is missing and are safe to rerun.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The release date recorded in output/ (pinned so that a rebuild is byte-identical).
RELEASE_DATE ?= 2026-11-27

# what `make test-fast` leaves out: the markers of docs/testing.md
FAST := not slow and not cli and not corpus and not external
# more pytest options, e.g. make test PYTEST_ARGS="--durations=15"
PYTEST_ARGS ?=

.PHONY: run test test-fast bench bench-full install clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@# Bytecode for the package, as a wheel install would have (Python reads it even where
	@# PYTHONDONTWRITEBYTECODE=1 stops it writing any): the command starts faster.
	$(BIN)/python -m compileall -q westdev_kg
	@touch $@

run: $(STAMP)
	$(BIN)/westdev-kg build --release-date $(RELEASE_DATE)

# every test, on one xdist worker per core (a test group, `xdist_group`, stays on one worker)
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# no subprocess, no Java, no ../shared, few Hypothesis examples: about a minute
test-fast: $(STAMP)
	HYPOTHESIS_PROFILE=fast $(BIN)/python -m pytest -m "$(FAST)" $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

# the same with the corpus of 1,000 documents (about 20 minutes), figures saved for the READMEs
bench-full: $(STAMP)
	$(BIN)/python bench/run.py --full --json bench/results/latest.json

clean:
	rm -rf $(VENV) reports .pytest_cache .hypothesis
