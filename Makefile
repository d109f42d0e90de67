# SRE Lab: two commands.
#   make lab    set up .venv if needed, open JupyterLab on the start notebook
#   make test   same set-up, then the whole test suite (unit, doctest, notebooks, browser)
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

.PHONY: lab test setup clean-venv datasets benchmarks instructor-kit

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

clean-venv:
	rm -rf $(VENV)
