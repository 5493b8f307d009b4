# Two commands do all set-up on a fresh machine with Python 3.11:
#   make demo   installs into .venv and runs the offline demo (writes ./vnnews.db)
#   make test   installs into .venv with the test tools and runs lint, the import contract and the tests
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/vnnews demo

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

eval: $(VENV)/.installed
	$(BIN)/vnnews eval --gold ../shared/eval/dev
	$(BIN)/vnnews eval --gold tests/gold

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) vnnews.db vnnews.db-* vnnews-archive
