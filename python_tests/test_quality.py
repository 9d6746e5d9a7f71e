"""Great Expectations: raw suites on the dirty demo, schema drift stops the build, every expectation family can fail,
mart suites pass on the build."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from aifinops.quality import readers, run
from aifinops.quality.suites import MART_CHECKS, contract, raw_checks, schema_checks


@pytest.fixture(scope="module")
def context():
    return run.get_context()


def _failed_rules(failures: list[run.Failure]) -> set[tuple[str, str, str | None]]:
    return {(failure.table, failure.rule, failure.column) for failure in failures}


def test_raw_suites_report_the_dirty_rows_and_let_the_build_go_on(dirty_demo: Path, capsys) -> None:
    manifest = json.loads((dirty_demo / "_manifest.json").read_text())
    assert run.main(["raw", "--raw", str(dirty_demo)]) == 0
    out = capsys.readouterr().out
    assert "(0 critical)" in out
    failures = run.check_raw(run.get_context(), readers.DuckDBReader(raw=dirty_demo), datetime.now(UTC), "dirty")
    by_rule = {(failure.table, failure.rule, failure.column): failure for failure in failures}
    status = by_rule[("llm_requests", "expect_column_values_to_be_in_set", "status")]
    assert status.unexpected == manifest["expected_quarantine"]["llm_requests"]["invalid_status"]
    assert all(row["request_id"].startswith("req_dirty_") for row in status.rows)
    negative = by_rule[("workflow_runs", "expect_column_values_to_be_between", "human_review_minutes")]
    assert negative.unexpected == manifest["expected_quarantine"]["workflow_runs"]["negative_review_minutes"]
    assert all(failure.severity == "warning" for failure in failures)


def test_the_clean_demo_passes_every_raw_expectation(demo: Path) -> None:
    failures = run.check_raw(run.get_context(), readers.DuckDBReader(raw=demo), datetime.now(UTC), "clean")
    assert failures == [], [(f.table, f.rule, f.column) for f in failures]


def test_schema_drift_stops_the_build_with_a_clear_message(demo: Path, tmp_path: Path, capsys) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(demo, raw)
    runs_file = next((raw / "workflow_runs").glob("*.parquet"))
    table = pq.read_table(runs_file)
    drifted = table.drop(["human_review_minutes"]).append_column(
        "human_review_minutes", table["human_review_minutes"].cast("string")
    )
    pq.write_table(drifted.drop(["status"]), runs_file)
    assert run.main(["raw", "--raw", str(raw)]) == 1
    out = capsys.readouterr().out
    assert "critical workflow_runs" in out and "STOP" in out and "workflow_runs" in out.split("STOP")[1]
    # status is required (without it every run would be rejected); review minutes as text are read by a safe cast.
    assert "critical workflow_runs_schema: expect_column_values_to_be_in_set on required_present" in out
    assert "warning  workflow_runs_schema: expect_column_values_to_be_in_set on type_matches" in out
    assert "'column_name': 'human_review_minutes'" in out and "'column_name': 'status'" in out


@pytest.mark.parametrize(
    ("table", "frame", "expected"),
    [
        (  # uniqueness
            "llm_requests",
            {"request_id": ["a", "a"]},
            ("expect_column_values_to_be_unique", "request_id", 2),
        ),
        (  # ranges: negative tokens
            "llm_requests",
            {"request_id": ["a", "b"], "input_tokens": [10, -1]},
            ("expect_column_values_to_be_between", "input_tokens", 1),
        ),
        (  # enumerations
            "llm_requests",
            {"request_id": ["a", "b"], "environment": ["production", "prod"]},
            ("expect_column_values_to_be_in_set", "environment", 1),
        ),
        (  # timestamps in the future
            "llm_requests",
            {"request_id": ["a", "b"], "started_at": pd.to_datetime(["2026-01-01", "2099-01-01"], utc=True)},
            ("expect_column_values_to_be_between", "started_at", 1),
        ),
        (  # mean tokens per request out of band
            "llm_requests",
            {"request_id": ["a", "b"], "output_tokens": [900_000, 800_000]},
            ("expect_column_mean_to_be_between", "output_tokens", None),
        ),
    ],
)
def test_each_raw_expectation_family_can_fail(context, table: str, frame: dict, expected: tuple) -> None:
    rule, column, unexpected = expected
    data = pd.DataFrame(frame)
    checks = [
        check
        for check in raw_checks(table, datetime(2026, 6, 1, tzinfo=UTC), None)
        if check.expectation.expectation_type == rule and getattr(check.expectation, "column", None) == column
    ]
    assert checks, (rule, column)
    failures = run.validate(context, table, data, checks, f"test_{table}_{column}")
    assert [(failure.rule, failure.column) for failure in failures] == [(rule, column)]
    assert failures[0].unexpected == unexpected


def test_row_count_change_against_the_previous_load_can_fail(context) -> None:
    checks = [
        c
        for c in raw_checks("ai_subscriptions", datetime.now(UTC), previous_rows=100)
        if "row_count" in c.expectation.expectation_type
    ]
    frame = pd.DataFrame({"seats_purchased": [1] * 30, "seats_active": [1] * 30})
    failures = run.validate(context, "ai_subscriptions", frame, checks, "test_row_count")
    assert [failure.rule for failure in failures] == ["expect_table_row_count_to_be_between"]


def test_schema_expectations_grade_each_drift(context) -> None:
    """A type that converts (text for a number) and a missing optional column warn; a missing required column and a
    type nothing converts from (a list) stop the build."""
    contract_columns = {"a": "bigint", "b": "double", "c": "varchar", "d": "bigint", "e": "timestamp with time zone"}
    found = {"A": "BIGINT", "b": "VARCHAR", "d": "INTEGER[]", "e": "TIMESTAMP_NS"}
    schema = run.schema_frame(found, contract_columns, required={"a", "c"})
    failures = run.validate(context, "x_schema", schema, schema_checks("x"), "test_schema")
    graded = {(failure.severity, failure.column, row["column_name"]) for failure in failures for row in failure.rows}
    assert graded == {
        ("critical", "required_present", "c"),
        ("critical", "type_readable", "d"),
        ("warning", "actual_type", "c"),
        ("warning", "type_matches", "b"),
        ("warning", "type_matches", "c"),
        ("warning", "type_matches", "d"),
    }


@pytest.mark.parametrize(
    ("mart", "frame", "column"),
    [
        (
            "chargeback_vs_invoice",
            {"month_start_date": ["2026-01-01"], "billing_currency": ["USD"], "difference_usd": [0.02]},
            "difference_usd",
        ),
        (
            "daily_costs",
            {
                "spend_date": ["2026-01-01"],
                "team_id": ["t"],
                "model_id": ["m"],
                "model_cost_usd": [-1.0],
                "cache_savings_usd": [0.0],
            },
            "model_cost_usd",
        ),
        (
            "allocation_accuracy",
            {"month_start_date": ["2026-01-01"], "provider": ["all"], "allocation_accuracy": [1.2]},
            "allocation_accuracy",
        ),
        (
            "spend_forecast",
            {
                "forecast_month": ["2026-01-01"],
                "scope_type": ["company"],
                "scope_id": ["acme"],
                "forecast_usd": [10.0],
                "forecast_p10_usd": [12.0],
                "forecast_p90_usd": [20.0],
            },
            "forecast_usd",
        ),
    ],
)
def test_each_mart_suite_can_fail(context, mart: str, frame: dict, column: str) -> None:
    failures = run.validate(context, mart, pd.DataFrame(frame), MART_CHECKS[mart], f"test_mart_{mart}")
    assert failures and failures[0].severity == "critical" and failures[0].column == column


def test_mart_suites_pass_on_the_build_and_data_docs_are_written(built, capsys) -> None:
    _, database, _ = built
    assert run.main(["marts", "--database", str(database)]) == 0
    assert "marts: 0 failed expectations" in capsys.readouterr().out
    assert (run.PROJECT_ROOT / "build" / "data_docs" / "index.html").exists()


def test_the_raw_suites_cover_every_contract_table() -> None:
    assert set(contract()) == {
        "llm_requests",
        "workflow_runs",
        "billing_focus",
        "governance_events",
        "ai_subscriptions",
    }


def test_the_bigquery_reader_qualifies_marts_and_raw_tables_from_the_profile_settings(monkeypatch) -> None:
    monkeypatch.setenv("AI_FINOPS_TARGET", "bigquery")
    monkeypatch.setenv("AI_FINOPS_BQ_PROJECT", "acme-finops")
    monkeypatch.setenv("AI_FINOPS_BQ_DATASET", "marts")
    monkeypatch.setenv("AI_FINOPS_RAW_SCHEMA", "landing")
    reader = readers.from_env(None, None)
    assert isinstance(reader, readers.BigQueryReader)
    sql = reader.qualify(run.MART_FRAMES["chargeback_vs_invoice"])
    assert "`acme-finops.marts.chargeback`" in sql and "`acme-finops.marts.provider_reconciliation`" in sql
    assert "{" not in sql
    assert reader.raw_relation("llm_requests") == "`acme-finops.landing.llm_requests`"
    monkeypatch.setenv("AI_FINOPS_TARGET", "duckdb")
    assert isinstance(readers.from_env(None, None), readers.DuckDBReader)
