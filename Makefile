# The README's commands. Every target that needs Python sets up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench screenshots bundle server clean

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m posapp demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy posapp

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

screenshots: $(STAMP)
	$(PY) -m posapp.ui.screenshots --out screenshots

bundle: $(STAMP)
	$(PY) -m PyInstaller --noconfirm --clean build.spec
	@echo "bundle size: $$(du -sh dist/posapp | cut -f1)  (dist/posapp; $$(du -sh dist/posapp/_internal | cut -f1) of it in _internal)"

server: $(STAMP)
	$(PY) -m posapp server

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
