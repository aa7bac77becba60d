# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: run test lint bench train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

## Start the API and the moderator console on 127.0.0.1:8000 with the embedded SQLite store.
run: $(VENV)/.installed
	$(BIN)/kidsafe serve

## Install the dev dependencies and run the whole suite (lint included).
test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src/kidsafe

## Rebuild the shipped models from ../shared/data.
train: $(VENV)/.installed
	$(BIN)/kidsafe train

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
