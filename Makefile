# One entry point for people and CI. Every target sets up .venv itself (Python 3.11 + pip only needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := vn-governance
# Forwarded to `python -m analysis`, e.g. make reports ARGS="--years 2021 --formats html"
ARGS   ?=

.PHONY: setup data models reports test lab clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	touch $@

setup: $(STAMP)

data: $(STAMP)
	$(BIN)/python -m analysis data $(ARGS)

models: data
	$(BIN)/python -m analysis models $(ARGS)

reports: $(STAMP)
	$(BIN)/python -m analysis reports $(ARGS)

# The suite builds its own data in temporary folders; the notebooks (nbval) read data/processed, built by `models`.
test: models
	$(BIN)/python -m pytest tests --nbval-lax notebooks $(ARGS)

lab: $(STAMP)
	$(BIN)/nbstripout --install --attributes .gitattributes
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf data/raw/* data/processed/* reports/*
