# The rerun graph of the study. `make help` lists the verbs.
#
# Each notebook is executed in place by analysis.run_notebook; a stamp in
# build/ records that it ran. A stamp depends on the notebook, the analysis
# modules it imports (build/deps.mk, generated), the raw data and lexicons,
# and the environment, so changing one module reruns only the notebooks that
# use it. Outputs are written atomically and only when their bytes change.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ENV := $(VENV)/.installed
STAMPS := build

# Determinism: hash seed, single-threaded BLAS, a non-interactive backend for scripts.
export PYTHONHASHSEED := 0
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export LC_ALL := C.UTF-8
export TZ := UTC

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
RUNS := $(patsubst notebooks/%.ipynb,$(STAMPS)/%.run,$(NOTEBOOKS))
RAW := $(sort $(wildcard data/raw/*))
LEXICONS := $(sort $(wildcard data/lexicons/*.csv))

.PHONY: all env notebooks test lint lab lock clean help

all: notebooks figures/MANIFEST.sha256 ## create the environment, rerun every notebook, regenerate every table and figure

env: $(ENV) ## create .venv from the lock file (requirements.lock) and install the package

$(ENV): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

notebooks: $(RUNS) ## execute every notebook whose inputs changed

$(STAMPS)/deps.mk: $(NOTEBOOKS) $(wildcard analysis/*.py)
	@mkdir -p $(STAMPS)
	$(PYTHON) -m analysis.makedeps $(NOTEBOOKS) > $@.tmp
	mv $@.tmp $@

-include $(STAMPS)/deps.mk

$(STAMPS)/%.run: notebooks/%.ipynb $(ENV) $(RAW) $(LEXICONS)
	@mkdir -p $(STAMPS)
	$(BIN)/python -m analysis.run_notebook $<
	touch $@

figures/MANIFEST.sha256: $(RUNS) ## checksums of every file in figures/
	cd figures && find . -maxdepth 1 -type f \( -name '*.pdf' -o -name '*.png' -o -name '*.csv' \) \
	  -printf '%P\n' | LC_ALL=C sort | xargs -r sha256sum > .MANIFEST.tmp
	mv figures/.MANIFEST.tmp $@

test: $(ENV) ## lint, unit and property tests, nbval over notebooks, then check figures/MANIFEST.sha256
	$(BIN)/ruff check analysis tests benchmarks notebooks
	$(BIN)/python -m pytest --nbval --nbval-current-env tests notebooks
	cd figures && sha256sum --quiet --strict -c MANIFEST.sha256

lint: $(ENV) ## ruff over the package, tests and benchmarks
	$(BIN)/ruff check analysis tests benchmarks notebooks

lab: $(ENV) ## open JupyterLab on the project's environment
	$(BIN)/jupyter lab notebooks

lock: ## re-resolve requirements.lock from pyproject.toml (needs the network)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev --strip-extras \
	  --no-emit-find-links --no-emit-index-url --output-file requirements.lock pyproject.toml

clean: ## remove the environment and run stamps (generated tables and figures are kept: they are committed)
	rm -rf $(VENV) $(STAMPS) .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

help: ## list the targets
	@grep -hE '^[a-zA-Z_./-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | \
	  awk -F'\t' '{printf "  %-26s %s\n", $$1, $$2}'
