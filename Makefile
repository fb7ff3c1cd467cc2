# Färdplan: two commands for a newcomer, `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck pytest messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## demo: build the embedded demo under ./var and serve it at http://127.0.0.1:8000
demo: $(VENV)/.installed
	$(BIN)/fardplan demo

## test: ruff, mypy, the import contracts and the whole pytest suite
test: $(VENV)/.dev-installed lint typecheck pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy src tests $(wildcard benchmarks/*.py)

pytest: $(VENV)/.dev-installed
	$(BIN)/pytest $(PYTEST_ARGS)

## messages: extract and compile the translations (needs GNU gettext)
messages: $(VENV)/.dev-installed
	cd src/fardplan/web && ../../../$(BIN)/django-admin makemessages -l sv -l en --settings=fardplan.web.settings
	cd src/fardplan/web && ../../../$(BIN)/django-admin compilemessages --settings=fardplan.web.settings

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
