# Entry points for a fresh machine with only python3 and make: `make demo`, `make test`
# (which runs `make lint` first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The demo workbook describes November 2026; build it as of a day inside that story.
DEMO_AS_OF ?= 2026-11-27

.PHONY: demo demo-company test lint bench clean docs

# Debian's python3 has no venv without the python3-venv package: say so in one line.
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "$(PYTHON) cannot make a virtual environment: apt-get install python3-venv"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/deskbook build --config deskbook.toml --as-of $(DEMO_AS_OF) --output public
	@echo "Preview it with: $(BIN)/deskbook serve --as-of $(DEMO_AS_OF)  (then open http://127.0.0.1:8000/)"

# A small company: six whole estates of 80 to 1,500 units, five unit schemes, three languages,
# xlsx and CSV; one (donggang) has a damaged workbook on purpose (examples/make_company.py).
demo-company: $(STAMP)
	$(BIN)/python examples/make_company.py company-demo
	-$(BIN)/deskbook publish --all --config company-demo/deskbook.toml --as-of $(DEMO_AS_OF)
	@echo "The roll-up is in company-demo/public/company/ (the damaged estate makes publish exit 2)"

# The project's manual (docs/): MkDocs Material, the command reference generated from the CLI
# by mkdocs-click; --strict fails on a broken link or anchor. Read docs-site/index.html.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict -f docs/mkdocs.yml

# Style and types first: a type error fails in seconds, before the minutes of tests.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Tests that drive a program the machine lacks (Chromium for the browser tests, systemd-analyze
# for contrib/systemd) are skipped, each tool named in one line with how to get it; .ci/run
# installs them and sets DESKBOOK_REQUIRE_TOOLS=1, which makes those skips failures.
test: lint
	$(BIN)/python -m pytest

# Expected outputs (tests/test_expected_outputs.py): when a change is meant to alter what the
# demo builds, `make expected-diff` first, to review per changed file the elements, attributes
# and text that changed (it writes nothing); then `make expected-record` writes the digests and
# text forms again and prints the same report, whose summary goes in the commit body.
.PHONY: expected-diff expected-record
expected-diff: $(STAMP)
	$(BIN)/python -m tests.expected

expected-record: $(STAMP)
	DESKBOOK_RECORD_EXPECTED=1 $(BIN)/python -m pytest tests/test_expected_outputs.py

# The manual's page on what each template is given, written from the context classes
# (site/contexts.py); tests/test_template_contexts.py fails when it is out of date.
.PHONY: templates-doc
templates-doc: $(STAMP)
	$(BIN)/python -m deskbook.site.contexts > docs/pages/templates.md

.PHONY: constraints
# After a dependency change in pyproject.toml: resolve afresh in a scratch venv and pin the result.
constraints:
	rm -rf $(VENV).pins
	$(PYTHON) -m venv $(VENV).pins
	$(VENV).pins/bin/python -m pip install --quiet --upgrade pip
	$(VENV).pins/bin/python -m pip install --quiet -e '.[test]'
	{ sed -n '/^#/p' constraints.txt; $(VENV).pins/bin/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(VENV).pins

# The scale bench runs a five-estate company here (a few minutes); the target-size company
# (~1.6M rows) is `$(BIN)/python bench/scale.py --scale 110` (add `--teams 50` for 2,000 staff).
bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) public public.releases .deskbook *.egg-info company-demo
