# One entry point for people and CI. Every target sets up .venv itself (Python 3.11 + pip only needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := vn-governance
# Forwarded to `python -m analysis`, e.g. make reports ARGS="--years 2021 --formats html"
ARGS   ?=

.PHONY: setup data models reports test test-fast lint format lock hooks lab clean

# Installs exactly the hashed versions in requirements.lock, then the project itself without touching them.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	touch $@

setup: $(STAMP)

data: $(STAMP)
	$(BIN)/python -m analysis data $(ARGS)

models: $(STAMP)
	$(BIN)/python -m analysis models $(ARGS)

reports: $(STAMP)
	$(BIN)/python -m analysis reports $(ARGS)

# The suite builds the real data once, in temporary folders; it never reads or writes data/processed or reports/.
# `make test` also runs every notebook with nbval (--nbval-lax: the cells marked NBVAL_CHECK_OUTPUT must give their
# committed output); `make test-fast` leaves out what renders documents, runs notebooks or opens a browser.
test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks --nbval-lax $(ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -m "not slow and not browser" $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests notebooks tools benchmarks
	$(BIN)/ruff format --check src tests notebooks tools benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix src tests notebooks tools benchmarks
	$(BIN)/ruff format src tests notebooks tools benchmarks

# After changing a pin in pyproject.toml: re-resolve the lock (with hashes) and regenerate environment.yml from it.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra dask --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --no-header --quiet -o requirements.lock
	$(BIN)/python tools/environment_yml.py

hooks: $(STAMP)
	$(BIN)/pre-commit install
	$(BIN)/nbstripout --install

# JupyterLab refuses to start as root unless told; a container or CI machine often runs as root.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $$([ "$$(id -u)" -eq 0 ] && echo --allow-root)

clean:
	rm -rf data/raw/* data/processed/* reports/*
