# ideabot — the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint bench demo clean

# Create the virtual environment and install ideabot with its test tools.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Set up, load the demo ideas (idempotent) and start the terminal chat.
run: $(STAMP)
	$(BIN)/ideabot import --demo
	$(BIN)/ideabot chat

# Set up and run the whole test suite (SQLite; PostgreSQL tests run with test-postgres).
test: $(STAMP)
	$(BIN)/python -m pytest -q

test-postgres: $(STAMP)
	IDEABOT_TEST_DATABASE=postgresql $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy bot retrieval storage prompts

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) .ideabot .pytest_cache .mypy_cache .ruff_cache
