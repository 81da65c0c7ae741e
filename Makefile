# Every target installs what it needs: a fresh clone needs only `make report` or `make test`.
# The dask extra is installed too, so the test suite checks the Dask engine on a LocalCluster.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench
CORPUS ?=
OUT    ?= reports

.PHONY: setup test report run lab bench clean-outputs

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

setup: $(STAMP)

## make test: the unit, property and notebook (nbval) tests
test: $(STAMP)
	$(PY) -m pytest

## make run: every stage on CORPUS, tidy CSV tables into data/processed
run: $(STAMP)
	$(VENV)/bin/newslens run $(if $(CORPUS),--corpus $(CORPUS)) --out data/processed

## make report: tables + the five notebooks executed on CORPUS, rendered into $(OUT)/report.html
report: $(STAMP)
	$(VENV)/bin/newslens report $(if $(CORPUS),--corpus $(CORPUS)) --out $(OUT)

## make lab: JupyterLab on the notebooks, with this project's environment as kernel
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench,dask]'
	touch $(BENCH_STAMP)

## make bench: scale and speed measurements (never part of the test suite)
bench: $(BENCH_STAMP)
	$(PY) benchmarks/run_all.py
