"""The SQL dbt compiles for BigQuery, translated to DuckDB by sqlglot and run on the test data, gives the rows
the DuckDB build wrote: the BigQuery side of the dispatched macros computes the same thing.

Core models are checked from the raw rows up (rejection rules, pricing bands, request facts, daily spend, run
costs, calendar). Each compiled model is the full-refresh form (the stub describes the raw tables and makes every
other relation look absent); its BigQuery names are pointed at the DuckDB build's schemas before translation.
"""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
import sqlglot

from python_tests.conftest import PROJECT_ROOT
from python_tests.test_incremental import compared_columns, differing_tables, same_rows

spec = importlib.util.spec_from_file_location("bq_check", PROJECT_ROOT / "scripts" / "bigquery_compile_check.py")
bq_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bq_check)

CORE_MODELS = {
    "base_telemetry__llm_requests_checked": "staging/telemetry/base",
    "base_telemetry__llm_request_copies": "staging/telemetry/base",
    "base_telemetry__workflow_runs_checked": "staging/telemetry/base",
    "base_telemetry__workflow_run_copies": "staging/telemetry/base",
    "int_price_bands": "intermediate/pricing",
    "fct_llm_requests": "marts/core",
    "fct_daily_spend": "marts/core",
    "fct_workflow_runs": "marts/core",
    "dim_dates": "marts/core",
}
BIGQUERY_NAME = re.compile(r"`acme-finops`\.`(\w+)`\.`(\w+)`")
# Where sqlglot 30 does not translate a BigQuery function DuckDB lacks, the DuckDB equivalent, applied to its
# output: SAFE.PARSE_JSON comes out as SAFE.JSON(x), null on invalid text like TRY_CAST(x AS JSON).
SQLGLOT_GAPS = [(re.compile(r"SAFE\.JSON\(([^()]*)\)"), r"TRY_CAST(\1 AS JSON)")]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result, folder = bq_check.compile_for_bigquery(tmp_path_factory.mktemp("bigquery"), raw_present=True)
    assert result.returncode == 0, result.stdout[-3000:]
    return folder


def to_duckdb(bigquery_sql: str) -> str:
    """Point BigQuery's project.dataset.table names at the DuckDB schemas, then translate the dialect."""
    local = BIGQUERY_NAME.sub(
        lambda m: f"{'main' if m.group(1) == 'ai_finops' else m.group(1)}.{m.group(2)}", bigquery_sql
    )
    duckdb_sql = sqlglot.transpile(local, read="bigquery", write="duckdb")[0]
    for pattern, replacement in SQLGLOT_GAPS:
        duckdb_sql = pattern.sub(replacement, duckdb_sql)
    return duckdb_sql


@pytest.mark.parametrize("model", sorted(CORE_MODELS))
def test_bigquery_sql_gives_the_duckdb_rows(model: str, compiled: Path, built) -> None:
    _, database, _ = built
    bigquery_sql = (compiled / CORE_MODELS[model] / f"{model}.sql").read_text()
    assert "`acme-finops`" in bigquery_sql  # really the BigQuery compilation
    with duckdb.connect(str(database), read_only=True) as connection:
        connection.execute("set TimeZone = 'UTC'")
        # The build stamp is each compilation's own start time: not compared.
        columns, floating = compared_columns(connection, model)
        select = ", ".join(f'"{name}"' for name in columns)
        expected = connection.execute(f"select {select} from {model}").fetchall()
        actual = connection.execute(f"select {select} from ({to_duckdb(bigquery_sql)})").fetchall()
    assert len(actual) == len(expected) > 0
    assert same_rows((floating, [utc(row) for row in actual]), (floating, [utc(row) for row in expected]))


def utc(row: tuple) -> tuple:
    """BigQuery's TIMESTAMP translates to DuckDB's TIMESTAMPTZ; the DuckDB build keeps naive UTC timestamps."""
    return tuple(
        value.astimezone(UTC).replace(tzinfo=None) if isinstance(value, datetime) and value.tzinfo else value
        for value in row
    )


def test_comparison_fails_on_a_changed_row() -> None:
    rows = [("a", 1.0), ("b", 2.0)]
    assert same_rows(([False, True], rows), ([False, True], list(reversed(rows))))
    assert not same_rows(([False, True], rows), ([False, True], [("a", 1.0), ("b", 2.1)]))
    assert differing_tables({"t": ([False], [("x",)])}, {"t": ([False], [("y",)])}) == ["t"]


def test_large_models_are_partitioned_by_day_or_month_and_clustered_with_insert_overwrite(compiled: Path) -> None:
    manifest = json.loads((compiled.parents[2] / "manifest.json").read_text())
    expected = {
        "quarantine_llm_requests": ("partition_date", ["rejection_reason"]),
        "base_telemetry__workflow_runs_checked": ("partition_date", ["workflow_id", "requesting_team_id"]),
        "fct_llm_requests": ("started_date", ["team_id", "provider", "model_id"]),
        "fct_workflow_runs": ("started_date", ["workflow_id", "team_id"]),
        "fct_daily_spend": ("spend_date", ["team_id", "provider", "model_id"]),
        "spend_daily_by_scope": ("spend_date", ["scope_type", "scope_id"]),
    }
    monthly = {
        "routing_opportunities": ("month_start_date", ["team_id", "task_type"]),
        "unit_economics": ("month_start_date", ["team_id"]),
        "cost_per_accepted_output": ("month_start_date", ["workflow_id", "team_id"]),
    }
    for granularity, models in (("day", expected), ("month", monthly)):
        for model, (period, cluster) in models.items():
            config = manifest["nodes"][f"model.ai_finops.{model}"]["config"]
            assert config["materialized"] == "incremental"
            assert config["incremental_strategy"] == "insert_overwrite"
            assert config["partition_by"] == {"field": period, "data_type": "date", "granularity": granularity}
            assert config["cluster_by"] == cluster
