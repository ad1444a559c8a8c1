# fls-docs: `make docs` builds the example project; `make test` runs the tests.
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLS_DOCS := $(BIN)/fls-docs
# The static site builder: `make docs SITE_ENGINE=zensical` builds the same site with Zensical
# (install it with `pip install -e '.[zensical]'`); SITE_CMD can name any other command.
SITE_ENGINE ?= mkdocs
SITE_CMD ?= $(abspath $(BIN))/python -m $(SITE_ENGINE)
export FLS_DOCS_SITE_CMD := $(SITE_CMD)
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: docs test validate calc serve clean distclean venv graphviz

# A .venv without a working pip (half made, or made where python3-venv is missing)
# is made again; where the venv module cannot make one, virtualenv does.
venv:
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || { \
	  rm -rf $(VENV); \
	  $(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	    echo "python3 -m venv is not available here; using virtualenv instead"; \
	    rm -rf $(VENV); \
	    $(PYTHON) -m pip install --quiet --user virtualenv && $(PYTHON) -m virtualenv --quiet $(VENV); }; }

$(STAMP): pyproject.toml | venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(STAMP)

# Zensical is an optional extra, installed the first time it is asked for.
ZENSICAL_STAMP := $(VENV)/.installed-zensical
ENGINE := $(if $(filter zensical,$(SITE_ENGINE)),$(ZENSICAL_STAMP))

$(ZENSICAL_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[zensical]'
	touch $(ZENSICAL_STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(TEST_STAMP)

# The maps are laid out by Graphviz's `dot`, a program the operating system provides.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  echo "make docs needs Graphviz, which draws the stakeholder and pathway maps, and it is not installed."; \
	  echo "Install it with: sudo apt-get install graphviz   (macOS: brew install graphviz; Windows: winget install graphviz)"; \
	  exit 1; }

docs: $(STAMP) $(ENGINE) graphviz
	$(FLS_DOCS) build .

test: $(TEST_STAMP) graphviz
	MPLBACKEND=Agg $(BIN)/python -m pytest -q

validate: $(STAMP)
	$(FLS_DOCS) validate .

calc: $(STAMP)
	$(FLS_DOCS) calc .

serve: $(STAMP) $(ENGINE)
	$(FLS_DOCS) serve .

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV) *.egg-info
