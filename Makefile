# The README's commands. `make run` and `make test` set up everything they need on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test test-browser lint bench messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/careforce run

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-browser: $(STAMP)
	$(BIN)/python -m pytest tests/browser -m browser $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests
	mkdir -p var  # the SQLite file's folder: makemigrations reads the migration history from it
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run


# Timings at national scale (not part of the tests): needs DATABASE_URL pointing at a database holding
# `careforce seed --scale national`. See bench/README.md.
bench: $(STAMP)
	$(BIN)/python bench/match.py
	$(BIN)/python bench/tray.py
	$(BIN)/python bench/workforce.py
	$(BIN)/python bench/training.py
	$(BIN)/python bench/evidence.py
	$(BIN)/python bench/care.py

# Extract new strings into the ro/ru catalogues and compile them (needs GNU gettext).
messages: $(STAMP)
	cd src/careforce && DEBUG=1 ../../$(BIN)/python ../../manage.py makemessages -l ro -l ru --no-obsolete --no-location
	cd src/careforce && DEBUG=1 ../../$(BIN)/python ../../manage.py compilemessages

clean:
	rm -rf $(VENV) var staticfiles
