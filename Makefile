# autolend: `make run` to try it, `make test` before you push.
SHELL := /bin/bash
PYTHON := $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench install

run: $(STAMP)
	$(BIN)/autolend run $(ARGS)

test: $(STAMP) lint typecheck
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench)

typecheck: $(STAMP)
	$(BIN)/mypy src/autolend/kernel src/autolend/risk src/autolend/vehicles

# Each bench/*.py prints JSON; files starting with _ are helpers.
bench: $(STAMP)
	@shopt -s nullglob; files=(bench/[!_]*.py); \
	if [ $${#files[@]} -eq 0 ]; then echo "bench/: no benchmarks yet"; exit 0; fi; \
	for f in "$${files[@]}"; do echo "# $$f" >&2; $(BIN)/python "$$f" || exit 1; done

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)
