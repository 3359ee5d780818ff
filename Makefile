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
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench
	$(BIN)/mypy src

# Precision, recall, type accuracy and duplicates of ingest on the hand-annotated seeds.
# Also on held-out texts written for this (tests/fixtures/heldout), not the seeds.
eval: install
	@echo "seeds (tests/fixtures/annotations):"
	@$(BIN)/python tools/eval_ingest.py
	@echo
	@echo "held-out texts (tests/fixtures/heldout):"
	@$(BIN)/python tools/eval_ingest.py --annotations tests/fixtures/heldout --texts tests/fixtures/heldout

# BENCH_N notes (100000 works too); the vault is generated once under bench/out/ and reused.
BENCH_N ?= 10000
bench: install
	@command -v rg >/dev/null 2>&1 || apt-get install -y -qq ripgrep >/dev/null 2>&1 \
	  || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq ripgrep >/dev/null 2>&1; } \
	  || echo "make bench: ripgrep could not be installed; the text baseline is grep -ril"
	$(BIN)/python bench/run.py --notes $(BENCH_N)

clean:
	rm -rf $(VENV) notes/.aikb .pytest_cache
