# fls-docs: `make docs` builds the example project; `make test` runs the tests.
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLS_DOCS := $(BIN)/fls-docs
# The static site builder, in one place so it can be swapped (for example for zensical).
SITE_CMD ?= $(abspath $(BIN))/python -m mkdocs
export FLS_DOCS_SITE_CMD := $(SITE_CMD)
STAMP := $(VENV)/.installed

.PHONY: docs test validate calc serve clean distclean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

docs: $(STAMP)
	$(FLS_DOCS) build .

test: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest -q

validate: $(STAMP)
	$(FLS_DOCS) validate .

calc: $(STAMP)
	$(FLS_DOCS) calc .

serve: $(STAMP)
	$(FLS_DOCS) serve .

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV) *.egg-info
