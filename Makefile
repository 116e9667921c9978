# Two commands do everything (see README.md):
#   make serve   set up, then serve the site with live reload at http://127.0.0.1:8000
#   make test    set up, then build strictly and run the whole test suite
# Needs only Python 3.11+ and make. Browser tests also need Debian's chromium
# (`apt-get install chromium`); .ci/run installs it, and locally they skip without it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test bench linkcheck-external clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt ".[test]"
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP)
	$(BIN)/mkdocs build --strict

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

# For a maintainer with a network: fetch every external link of the built site.
linkcheck-external: build
	$(BIN)/python -m tests.sitecheck.serve site -- $(BIN)/linkchecker --config tests/linkcheckerrc --check-extern

clean:
	rm -rf site $(VENV)
