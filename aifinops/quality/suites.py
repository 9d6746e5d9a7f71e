"""The expectation suites, as data: which expectations each table gets and how severe a failure is.

critical: the input cannot be read as meant: the required raw table (llm_requests) absent, a required column missing
(without it every row would be rejected), or a column of a type nothing converts from (nested, binary). The build
stops with a message naming the table and columns.
warning: rows the quarantine path will reject, a volume that looks wrong, an optional column missing (read as null)
or a column of another type that converts (numbers written as text: values that do not convert are quarantined as
unreadable_value). Reported; the build goes on.
An optional raw table that is absent (no folder, no file, no row) is reported as absent, not as a failure.
Mart suites are all critical: a mart that breaks them must not be published.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import great_expectations as gx
import yaml

from aifinops import contract_types

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TYPE_FAMILIES = {
    "varchar": "text",
    "bigint": "integer",
    "integer": "integer",
    "int": "integer",
    "double": "number",
    "boolean": "boolean",
    "date": "date",
    "timestamp with time zone": "timestamp",
    "timestamp": "timestamp",
    # BigQuery's names
    "string": "text",
    "int64": "integer",
    "float64": "number",
    "bool": "boolean",
    "text": "text",
    "json": "text",
    "tinyint": "integer",
    "smallint": "integer",
    "hugeint": "integer",
    "ubigint": "integer",
    "uinteger": "integer",
    "usmallint": "integer",
    "utinyint": "integer",
    "float": "number",
    "real": "number",
    "decimal": "number",
    "numeric": "number",
    "bignumeric": "number",
    "timestamp_ns": "timestamp",
    "timestamp_ms": "timestamp",
    "timestamp_s": "timestamp",
    "datetime": "timestamp",
}
# Families a safe cast converts from (staging's raw_table macro does the same): anything else is unreadable.
READABLE_FAMILIES = {"text", "integer", "number", "boolean", "date", "timestamp"}
# The one raw table a build needs; the others may be absent (their marts are then empty).
REQUIRED_TABLES = {"llm_requests"}


@dataclass(frozen=True)
class Check:
    expectation: gx.expectations.Expectation
    severity: str  # critical or warning


def contract() -> dict[str, dict[str, str]]:
    """Raw tables and their columns' data types, read from the dbt sources YAML (the raw data contract)."""
    return contract_types.contract(os.environ.get("AI_FINOPS_TARGET", "duckdb"))


def required_columns() -> dict[str, set[str]]:
    """Per raw table, the columns marked `meta: required` in the sources YAML: without them every row is rejected."""
    required: dict[str, set[str]] = {}
    for path in sorted((PROJECT_ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                required[table["name"]] = {
                    column["name"]
                    for column in table["columns"]
                    if column.get("config", {}).get("meta", {}).get("required")
                }
    return required


def type_family(data_type: str) -> str:
    kind = data_type.lower().strip()
    if kind.endswith("[]") or kind.startswith(("struct", "map", "list", "union", "array")):
        return "nested"
    return TYPE_FAMILIES.get(kind.split("(")[0].strip(), kind)


def _between(column: str, low: float | None = None, high: float | None = None) -> gx.expectations.Expectation:
    return gx.expectations.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)


def _in_set(column: str, values: list[str]) -> gx.expectations.Expectation:
    return gx.expectations.ExpectColumnValuesToBeInSet(column=column, value_set=values)


def schema_checks(table: str) -> list[Check]:
    """On the table's schema frame (one row per contract column with the type found; see run.schema_frame)."""
    return [
        Check(gx.expectations.ExpectColumnValuesToBeInSet(column="required_present", value_set=[True]), "critical"),
        Check(gx.expectations.ExpectColumnValuesToBeInSet(column="type_readable", value_set=[True]), "critical"),
        Check(gx.expectations.ExpectColumnValuesToNotBeNull(column="actual_type"), "warning"),
        Check(gx.expectations.ExpectColumnValuesToBeInSet(column="type_matches", value_set=[True]), "warning"),
    ]


def raw_checks(table: str, now: datetime, previous_rows: int | None, tolerance_hours: int = 24) -> list[Check]:
    future = (now + timedelta(hours=tolerance_hours)).astimezone(UTC)
    volume: list[Check] = []
    if previous_rows:
        volume.append(
            Check(
                gx.expectations.ExpectTableRowCountToBeBetween(
                    min_value=int(previous_rows * 0.5), max_value=int(previous_rows * 2)
                ),
                "warning",
            )
        )
    checks = {
        "llm_requests": [
            Check(gx.expectations.ExpectColumnValuesToBeUnique(column="request_id"), "warning"),
            Check(gx.expectations.ExpectColumnValuesToNotBeNull(column="started_at"), "warning"),
            Check(_between("started_at", high=future.isoformat()), "warning"),
            *[
                Check(_between(column, low=0), "warning")
                for column in ("input_tokens", "output_tokens", "cache_read_input_tokens")
            ],
            Check(_in_set("status", ["ok", "error"]), "warning"),
            Check(_in_set("environment", ["production", "staging", "experiment"]), "warning"),
            Check(_in_set("route", ["standard", "batch", "priority", "flex"]), "warning"),
            Check(
                gx.expectations.ExpectColumnMeanToBeBetween(column="input_tokens", min_value=50, max_value=200_000),
                "warning",
            ),
            Check(
                gx.expectations.ExpectColumnMeanToBeBetween(column="output_tokens", min_value=5, max_value=20_000),
                "warning",
            ),
        ],
        "workflow_runs": [
            Check(gx.expectations.ExpectColumnValuesToBeUnique(column="workflow_run_id"), "warning"),
            Check(_in_set("status", ["completed", "failed", "abandoned", "blocked"]), "warning"),
            Check(_between("human_review_minutes", low=0), "warning"),
            Check(_between("started_at", high=future.isoformat()), "warning"),
        ],
        "billing_focus": [
            Check(_in_set("ChargeCategory", ["Usage", "Purchase", "Tax", "Credit", "Adjustment"]), "warning"),
            Check(gx.expectations.ExpectColumnValuesToNotBeNull(column="BilledCost"), "warning"),
            Check(gx.expectations.ExpectColumnValuesToNotBeNull(column="ChargePeriodStart"), "warning"),
        ],
        "governance_events": [
            Check(gx.expectations.ExpectColumnValuesToBeUnique(column="event_id"), "warning"),
            Check(
                _in_set(
                    "event_type",
                    ["budget_override", "model_exception", "alert_acknowledged", "alert_resolved", "routing_change"],
                ),
                "warning",
            ),
        ],
        "ai_subscriptions": [
            Check(_between("seats_purchased", low=0), "warning"),
            Check(_between("seats_active", low=0), "warning"),
        ],
    }
    return checks.get(table, []) + volume


# Mart checks run on small frames the runner reads from the marts (see run.MART_FRAMES).
MART_CHECKS: dict[str, list[Check]] = {
    "chargeback_vs_invoice": [
        Check(_between("difference_usd", low=-0.005, high=0.005), "critical"),
    ],
    "daily_costs": [
        Check(_between("model_cost_usd", low=0), "critical"),
        Check(_between("cache_savings_usd", low=0), "critical"),
    ],
    "allocation_accuracy": [
        Check(_between("allocation_accuracy", low=0, high=1), "critical"),
    ],
    "spend_forecast": [
        Check(
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="forecast_usd", column_B="forecast_p10_usd", or_equal=True
            ),
            "critical",
        ),
        Check(
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="forecast_p90_usd", column_B="forecast_usd", or_equal=True
            ),
            "critical",
        ),
    ],
}

# Columns that name a row in failure reports.
ROW_KEYS = {
    "llm_requests": ["request_id"],
    "workflow_runs": ["workflow_run_id"],
    "billing_focus": ["InvoiceId", "SkuId"],
    "governance_events": ["event_id"],
    "ai_subscriptions": ["subscription_id", "month"],
    "chargeback_vs_invoice": ["month_start_date", "billing_currency"],
    "daily_costs": ["spend_date", "team_id", "model_id"],
    "allocation_accuracy": ["month_start_date", "provider"],
    "spend_forecast": ["forecast_month", "scope_type", "scope_id"],
}
