"""The dashboards' only door to the warehouse: read-only, marts only, parameters bound, never formatted in.

DuckDB (default): the file in AI_FINOPS_DUCKDB_PATH (ai_finops.duckdb), opened read-only.
BigQuery: AI_FINOPS_DASHBOARD_TARGET=bigquery with AI_FINOPS_BQ_PROJECT and AI_FINOPS_BQ_DATASET (the dataset dbt
builds the marts in); the same SQL runs there with positional query parameters.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from aifinops import bigquery_client

# The marts a page may read. A query names them as {mart_name}; anything else is refused.
MARTS = frozenset(
    {
        "fct_daily_spend",
        "raw_input_summary",
        "dim_teams",
        "dim_workflows",
        "cost_per_accepted_output",
        "unit_economics",
        "allocation_accuracy",
        "provider_reconciliation",
        "chargeback",
        "budget_status",
        "budget_burndown",
        "price_gaps",
        "spend_forecast",
        "forecast_variance",
        "cost_anomalies",
        "anomaly_remediation",
        "early_warning_signals",
        "routing_opportunities",
        "subscription_waste",
        "finops_maturity_scorecard",
        "finops_maturity_kpis",
    }
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class WarehouseUnavailable(RuntimeError):
    """The warehouse is missing or has not been built; the message says what to run."""


@dataclass(frozen=True)
class Settings:
    target: str
    duckdb_path: Path
    bq_project: str | None
    bq_dataset: str | None

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            target=os.environ.get("AI_FINOPS_DASHBOARD_TARGET", "duckdb"),
            duckdb_path=Path(os.environ.get("AI_FINOPS_DUCKDB_PATH", "ai_finops.duckdb")),
            bq_project=os.environ.get("AI_FINOPS_BQ_PROJECT"),
            bq_dataset=os.environ.get("AI_FINOPS_BQ_DATASET"),
        )


def render(sql: str, settings: Settings) -> str:
    """Replace {mart} placeholders with the mart's qualified name; unknown names are an error."""

    def qualify(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in MARTS:
            raise ValueError(f"{name} is not a mart the dashboards may read")
        if settings.target == "bigquery":
            return f"`{settings.bq_project}.{settings.bq_dataset}.{name}`"
        return f'main."{name}"'

    return _PLACEHOLDER.sub(qualify, sql)


def query(sql: str, params: tuple[Any, ...] = (), settings: Settings | None = None) -> pd.DataFrame:
    """Run one read-only query over the marts with positional `?` parameters bound by the driver."""
    settings = settings or Settings.from_env()
    text = render(sql, settings)
    if settings.target == "bigquery":
        return _bigquery(text, params, settings)
    return _duckdb(text, params, settings)


def _duckdb(text: str, params: tuple[Any, ...], settings: Settings) -> pd.DataFrame:
    import duckdb

    path = settings.duckdb_path
    if not path.exists() or path.stat().st_size == 0:
        raise WarehouseUnavailable(f"No warehouse at {path}. Run `make build` first (or set AI_FINOPS_DUCKDB_PATH).")
    try:
        with duckdb.connect(str(path), read_only=True) as connection:
            return connection.execute(text, list(params)).df()
    except duckdb.CatalogException as error:
        raise WarehouseUnavailable(
            f"{path} has no marts yet ({str(error).splitlines()[0]}). Run `make build` first."
        ) from error


def _bigquery(text: str, params: tuple[Any, ...], settings: Settings) -> pd.DataFrame:
    try:
        from google.cloud import bigquery
    except ImportError as error:
        raise WarehouseUnavailable("BigQuery needs google-cloud-bigquery (installed with dbt-bigquery).") from error
    if not (settings.bq_project and settings.bq_dataset):
        raise WarehouseUnavailable("Set AI_FINOPS_BQ_PROJECT and AI_FINOPS_BQ_DATASET to read the marts on BigQuery.")

    def parameter(value: Any) -> bigquery.ScalarQueryParameter:
        kinds = {bool: "BOOL", int: "INT64", float: "FLOAT64", str: "STRING"}
        kind = next((name for python_type, name in kinds.items() if isinstance(value, python_type)), "DATE")
        return bigquery.ScalarQueryParameter(None, kind, value)

    client = bigquery_client.client(settings.bq_project)
    config = bigquery.QueryJobConfig(query_parameters=[parameter(value) for value in params])
    return client.query(text, job_config=config).to_dataframe()
