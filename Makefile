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

## make lab: JupyterLab on working copies of the notebooks in lab/ (ignored by git), so that
## exploring and saving never changes the tracked notebooks that `make test` checks with nbval;
## a copy is made only when lab/ lacks it (delete lab/NN-*.ipynb to start that one afresh)
lab: $(STAMP)
	mkdir -p lab
	for nb in notebooks/[0-9][0-9]-*.ipynb; do test -e lab/$$(basename $$nb) || cp $$nb lab/; done
	$(VENV)/bin/jupyter lab --notebook-dir=lab $(if $(filter 0,$(shell id -u)),--allow-root)

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench,dask]'
	touch $(BENCH_STAMP)

## make bench: scale and speed measurements (never part of the test suite)
bench: $(BENCH_STAMP)
	$(PY) benchmarks/run_all.py
