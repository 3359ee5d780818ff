# Every install step lives here: a fresh machine needs only python3 (>= 3.11) and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/aikb ingest seeds --vault notes
	$(BIN)/aikb index --vault notes
	$(BIN)/aikb search "speculative sampling" --vault notes
	$(BIN)/aikb show ilya-sutskever --vault notes

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

# Precision, recall, type accuracy and duplicates of ingest on the hand-annotated seeds.
# Also on held-out texts written for this (tests/fixtures/heldout), not the seeds.
eval: install
	@echo "seeds (tests/fixtures/annotations):"
	@$(BIN)/python tools/eval_ingest.py
	@echo
	@echo "held-out texts (tests/fixtures/heldout):"
	@$(BIN)/python tools/eval_ingest.py --annotations tests/fixtures/heldout --texts tests/fixtures/heldout

bench: install
	@echo "make bench: no benchmark yet (issue 7); nothing is measured, so no figures are printed."

clean:
	rm -rf $(VENV) notes/.aikb .pytest_cache
