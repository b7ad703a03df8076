# A fresh clone needs only `make demo` and `make test`: both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo test bench eval lint toy-models locales clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/translate run samples/niger-air-defence.txt --to fr,ha --out-dir out/demo --db out/demo/translations.db

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m tools.bench

# Glossary enforcement on tests/data/glossary_eval.tsv: term accuracy and chrF.
eval: $(STAMP)
	$(BIN)/python -m tools.glossary_eval

lint: $(STAMP)
	$(BIN)/ruff check translate tests tools
	$(BIN)/ruff format --check translate tests tools

# Dev tooling: trains the toy models (CPU PyTorch from local disk, never a runtime need).
toy-models: $(STAMP)
	$(BIN)/pip install -q -e '.[dev,train]'
	$(BIN)/python -m tools.toymodels

clean:
	rm -rf $(VENV) out .pytest_cache
