# A fresh clone needs only `make demo` and `make test`: both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo test test-fast interop bench eval flags lint toy-models toy-models-naive locales clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pybabel -q compile -d locales -D translate
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/translate run samples/niger-air-defence.txt samples/sahel-scraped.txt --to fr,ha --out-dir out/demo --db out/demo/translations.db

# One pytest process per core (pytest-xdist), each test file kept in one process so its
# module fixtures (a translated database, a server) are built once.
PARALLEL := -n auto --dist loadfile
test: $(STAMP)
	$(BIN)/python -m pytest -q $(PARALLEL)

# The inner loop: everything but the tests marked slow (see pyproject's markers).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q $(PARALLEL) -m "not slow"

# The real CAT and gettext tools on our files and theirs: gettext, translate-toolkit and
# OmegaT 3.6 (Debian packages, installed when one is missing: as root, or through sudo),
# then the interoperability tests, the slow OmegaT ones included (tests/test_interop.py).
INTEROP_PACKAGES := gettext translate-toolkit omegat default-jre-headless
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
interop: $(STAMP)
	@if ! command -v msgcat >/dev/null || ! command -v po2tmx >/dev/null \
		|| ! command -v omegat >/dev/null; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install \
			-y -qq --no-install-recommends $(INTEROP_PACKAGES); fi
	$(BIN)/python -m pytest -q tests/test_interop.py

bench: $(STAMP)
	$(BIN)/python -m tools.bench

# Glossary enforcement, trained and placeholder-naive toy packages, fr and ha: term success,
# silent violations, consistency, chrF, collapse, per strategy (tools/glossary_eval).
eval: $(STAMP)
	$(BIN)/python -m tools.glossary_eval

# Quality flags on the toy packages: false alarms on clean held-out sentences and samples.
flags: $(STAMP)
	$(BIN)/python -m tools.flag_rates

# ruff (style, imports) and mypy (types; [tool.mypy] in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check translate tests tools
	$(BIN)/ruff format --check translate tests tools
	$(BIN)/mypy

# Interface catalogs: re-extract the messages, merge them into locales/{fr,ha}, compile.
# New or changed msgids come out empty or fuzzy in the .po files; tests/test_i18n.py
# fails until they are translated. The .mo files are build outputs (git-ignored).
locales: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -c TRANSLATORS: --project translate-newsroom \
		--version 0.1.0 -w 100 -o locales/translate.pot translate
	$(BIN)/pybabel -q update -i locales/translate.pot -d locales -D translate -w 100 \
		--ignore-obsolete
	$(BIN)/pybabel -q compile -d locales -D translate

# Dev tooling: trains the toy models (CPU PyTorch from local disk, never a runtime need).
toy-models: $(STAMP)
	$(BIN)/pip install -q -e '.[dev,train]'
	$(BIN)/python -m tools.toymodels

# Placeholder-naive variants (no ⟦n⟧ in training or in the SentencePiece models), stand-ins
# for real packages in tests and `make eval`: tests/data/packages/, never bundled.
toy-models-naive: $(STAMP)
	$(BIN)/pip install -q -e '.[dev,train]'
	$(BIN)/python -m tools.toymodels --naive

clean:
	rm -rf $(VENV) out .pytest_cache
