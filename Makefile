# SRE Lab: two commands.
#   make lab    set up .venv if needed, open JupyterLab on the start notebook
#   make test   same set-up, then the whole test suite (unit, doctest, notebooks, browser)
# For instructors:
#   make workshop-test LEARNERS=8   N learners at once on a real local JupyterHub (workshop/)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.sre-lab-installed
# JupyterLab reads <prefix>/share/jupyter/lab/settings/overrides.json as its defaults:
# the course's turn off the "Jupyter news" prompt and the update check (no network).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
PORT   ?= 8888
# Root (containers, CI) must opt in explicitly; nobody else needs it.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: lab test setup clean-venv datasets benchmarks instructor-kit workshop-test

setup: $(STAMP) $(LAB_SETTINGS)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,browser]"
	@touch $(STAMP)

$(LAB_SETTINGS): overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp overrides.json $@

lab: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter lab $(ROOT_FLAG) --port=$(PORT) --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

test: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/python -m pytest

datasets: $(STAMP)
	$(BIN)/python -m sre_lab.datasets build

benchmarks: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Regenerate notebooks/instructor/{agenda,answer_key,README}.md from the notebooks' metadata
# and the exercise registry (tests/test_instructor_kit.py fails while they are stale).
instructor-kit: $(STAMP)
	$(BIN)/python -m sre_lab._instructor build

# The workshop load test has its own environment: JupyterHub and configurable-http-proxy
# never enter the learners' (.venv, Binder). The proxy comes from npm when npm is here,
# else from the pure-Python package; workshop/loadtest.py says which one ran.
LEARNERS ?= 8
WVENV    := .venv-workshop
WSTAMP   := $(WVENV)/.workshop-installed

$(WSTAMP): pyproject.toml workshop/requirements.txt
	@test -x $(WVENV)/bin/python || $(PYTHON) -m venv $(WVENV)
	$(WVENV)/bin/python -m pip install --quiet --upgrade pip
	$(WVENV)/bin/python -m pip install --quiet -r workshop/requirements.txt -e .
	@if command -v npm >/dev/null 2>&1 && npm install --prefix $(WVENV)/proxy --no-fund \
		--no-audit --loglevel=error configurable-http-proxy@5; then \
		echo "proxy: configurable-http-proxy from npm"; \
	else \
		echo "proxy: npm missing or failed, using the pure-Python configurable-http-proxy"; \
		$(WVENV)/bin/python -m pip install --quiet "configurable-http-proxy>=0.4,<1"; \
	fi
	@touch $@

workshop-test: $(WSTAMP)
	$(WVENV)/bin/python workshop/loadtest.py --learners $(LEARNERS)

clean-venv:
	rm -rf $(VENV) $(WVENV)
