# Two commands do everything (see README.md):
#   make serve   set up, then serve the site with live reload at http://127.0.0.1:8000
#   make test    set up (also ProperDocs, for the exit plan's check), then build strictly and
#                run the whole test suite
# Needs only Python 3.11+ and make. Browser tests also need Debian's chromium
# (`apt-get install chromium`); .ci/run installs it, and locally they skip without it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup properdocs serve build offline test bench lighthouse linkcheck-external translations translations-sync clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt ".[test]"
	touch $@

# The exit plan's second engine (docs/contributing/engine.en.md): ProperDocs in its own
# environment, without MkDocs (constraints-properdocs.txt is the whole list, hence --no-deps).
PD_VENV  := .venv-properdocs
PD_STAMP := $(PD_VENV)/.installed

properdocs: $(PD_STAMP)

$(PD_STAMP): constraints-properdocs.txt
	$(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/python -m pip install --quiet --no-deps -r constraints-properdocs.txt
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# The offline copy: both languages in one zip that works opened from disk (file://).
offline: $(STAMP)
	$(BIN)/python -m sitecheck.offline dist/registry-mirror-guide-offline.zip

# One worker per core (TEST_WORKERS=1 for one process); the site is built once and shared.
TEST_WORKERS ?= auto

test: $(STAMP) lighthouse properdocs
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=15

bench: $(STAMP) lighthouse
	$(BIN)/python bench/run.py

# Lighthouse (npm) for the benchmarks and the Lighthouse budget tests; skipped without npm.
lighthouse: bench/node_modules/.installed

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix bench --no-audit --no-fund && touch $@; \
	else echo "npm not found: Lighthouse benchmarks and budget tests are skipped"; fi

# For a maintainer with a network: fetch every external link of the built site.
linkcheck-external: build
	$(BIN)/python -m sitecheck.serve site -- $(BIN)/linkchecker --config tests/linkcheckerrc --check-extern

# Translation status (docs/contributing/translations.*.md): list the pairs not in sync, or
# record pairs as in sync after checking that both files say the same thing.
translations: $(STAMP)
	$(BIN)/python -m sitecheck.translations

translations-sync: $(STAMP)
	@test -n "$(PAGES)" || { echo 'usage: make translations-sync PAGES="guide/verify qa/index"'; exit 2; }
	$(BIN)/python -m sitecheck.translations sync $(PAGES)

clean:
	rm -rf site dist $(VENV) $(PD_VENV)
