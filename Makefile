# Entry points for a fresh machine with only python3 and make: `make demo`, `make test`
# (which runs `make lint` first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The demo workbook describes November 2026; build it as of a day inside that story.
DEMO_AS_OF ?= 2026-11-27

.PHONY: demo demo-company test lint bench clean

$(STAMP): pyproject.toml constraints.txt
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

# Style and types first: a type error fails in seconds, before the minutes of tests.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser tests drive Debian's Chromium and the contrib/ units are checked by
# systemd-analyze; say what is missing in one line rather than fail deep in pytest.
CHROMIUM ?= /usr/bin/chromium

test: lint
	@test -x $(CHROMIUM) || { echo "make test needs Chromium at $(CHROMIUM) for the browser tests: apt-get install chromium (.ci/run does this)"; exit 2; }
	@command -v systemd-analyze >/dev/null || { echo "make test needs systemd-analyze to check contrib/systemd: apt-get install systemd (.ci/run does this)"; exit 2; }
	$(BIN)/python -m pytest

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
