# Two commands on a fresh machine: `make build` (install, demo data, dbt build) and `make test` (every test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)

# Demo size and period (see `python -m aifinops.demo --help`).
REQUESTS ?= 300000
DAYS ?= 182
START ?= 2025-12-01
SEED ?= 42
# The demo mixes in a corpus of malformed rows so the quarantine path is exercised; DIRTY= turns it off.
DIRTY ?= --dirty

.PHONY: help install build data load dbt-build docs docs-serve test lint pytest browser test-bigquery prices dashboard bench bench-dashboard clean

help:
	@echo "make build   install into $(VENV), generate demo data, run dbt build into ai_finops.duckdb"
	@echo "make test    lint (ruff, sqlfluff), every test (pytest, which also runs dbt build on dirty data) and test-bigquery"
	@echo "make test-bigquery  build on a local BigQuery emulator (full, then incremental) and compare with DuckDB"
	@echo "make data    regenerate demo data only (REQUESTS=$(REQUESTS) DAYS=$(DAYS) START=$(START) SEED=$(SEED))"
	@echo "make load FORMAT=otel PATH=traces.jsonl  load telemetry into data/raw (formats: python -m aifinops.load --help)"
	@echo "make prices  rewrite the price catalogue seeds (prices, models, match rules, providers) from genai-prices"
	@echo "make dashboard  open the Streamlit scorecard on ai_finops.duckdb (read-only)"
	@echo "make docs    the dbt docs site of the built warehouse (target/index.html, static_index.html); make docs-serve serves it on DOCS_PORT=$(DOCS_PORT)"
	@echo "make bench   full and incremental builds at 1M and 10M requests beside their floors, and the OTLP load of 1M spans beside DuckDB's read (~30 min)"

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(BIN)/.installed

profiles.yml: profiles.yml.example
	test -f profiles.yml || cp profiles.yml.example profiles.yml

data: install
	$(BIN)/python -m aifinops.demo --requests $(REQUESTS) --days $(DAYS) --start $(START) --seed $(SEED) $(DIRTY)

dbt-build: install profiles.yml
	$(BIN)/python -m aifinops.quality raw
	$(BIN)/dbt build
	$(BIN)/python -m aifinops.quality marts
	$(BIN)/python -m aifinops.report

build: data dbt-build

# The dbt docs site (models, columns, tests, lineage with the exposures) of the warehouse `make build` built:
# target/index.html beside manifest.json and catalog.json, and target/static_index.html, one file with both.
DOCS_PORT ?= 8080
docs: install profiles.yml
	$(BIN)/dbt docs generate --static

docs-serve: docs
	$(BIN)/dbt docs serve --no-browser --port $(DOCS_PORT)

# Load a telemetry source into the raw folder: make load FORMAT=otel PATH=traces.jsonl [RAW=data/raw] [MAPPING=m.yml].
# PATH here is the source (on make's command line it replaces the shell's PATH inside this recipe only, so the
# recipe calls the venv's python by its path).
RAW ?= data/raw
load: install
	@test "$(origin PATH)" = "command line" || { echo "make load needs FORMAT=<format> PATH=<file or folder>"; exit 2; }
	$(BIN)/python -m aifinops.load --format $(FORMAT) --path $(PATH) --raw $(RAW) $(if $(MAPPING),--mapping $(MAPPING))

prices: install
	$(BIN)/python -m aifinops.prices

dashboard: install
	$(BIN)/python -m streamlit run dashboards/app.py --browser.gatherUsageStats false

# Full and incremental dbt builds at 1M and 10M requests beside the write-once and scan floors (docs/scale.md);
# figures appended to build/bench/results.csv. BENCH_SIZES="1000000" for a quicker run; BENCH_REPEAT=3 repeats
# every build (the summary gives medians: this machine is shared and noisy).
BENCH_SIZES ?= 1000000 10000000
BENCH_REPEAT ?= 1
# The OTLP loader beside DuckDB reading the same file (aifinops/load/bench.py), 3 repeats.
BENCH_SPANS ?= 1000000
BENCH_LOAD_REPEAT ?= 3
bench: install profiles.yml
	$(BIN)/python -m aifinops.bench --sizes $(BENCH_SIZES) --repeat $(BENCH_REPEAT)
	$(BIN)/python -m aifinops.load.bench --spans $(BENCH_SPANS) --repeat $(BENCH_LOAD_REPEAT)

# Server time of the scorecard page on a built warehouse: make bench-dashboard DATABASE=/path/to/file.duckdb
DATABASE ?= ai_finops.duckdb
bench-dashboard: install
	$(BIN)/python -m dashboards.bench --database $(DATABASE)

lint: install profiles.yml
	$(BIN)/ruff check aifinops dashboards python_tests scripts
	$(BIN)/ruff format --check aifinops dashboards python_tests scripts
	$(BIN)/sqlfluff lint models tests analyses

# Debian's chromium for the dashboards' browser test, installed when missing and possible (root, apt-get).
browser:
	@bash scripts/install_browser.sh

pytest: install profiles.yml browser
	$(BIN)/python -m pytest

# The whole project on a local BigQuery emulator (local-bigquery, in a venv of its own): full and incremental dbt
# build of a small demo, every mart compared with the DuckDB build, quality checks and the dashboards' reader.
BQ_EMULATOR := build/bigquery-emulator/venv
BQ_REQUESTS ?= 20000
test-bigquery: install
	bash scripts/bigquery_emulator/install.sh $(BQ_EMULATOR)
	$(BIN)/python scripts/bigquery_emulator/check.py --emulator $(BQ_EMULATOR) --requests $(BQ_REQUESTS)

test: lint pytest test-bigquery

clean:
	rm -rf target logs data test-artifacts ai_finops.duckdb ai_finops.duckdb.wal
