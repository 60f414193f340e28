# gongkai — the two commands of the README:
#   make run    install everything, then serve the platform with the demo data on http://127.0.0.1:8000,
#               with the background worker beside it (Ctrl-C stops both)
#   make test   install everything, then lint, type-check and run the whole suite on SQLite and PostgreSQL
PYTHON ?= python3
BIN := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup serve-demo lint check-types

run: setup serve-demo

test: setup
	./scripts/test.sh

setup:
	PYTHON=$(PYTHON) ./scripts/setup.sh

# Everything `make run` does after the set-up (the test suite starts the platform through this target):
# `gongkai run` serves the site and runs the background worker (batch audits, reminders) together.
serve-demo:
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai demo
	$(BIN)/gongkai run $(HOST):$(PORT)

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

check-types:
	$(BIN)/mypy
