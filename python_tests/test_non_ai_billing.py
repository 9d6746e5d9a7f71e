"""Ordinary cloud lines in a billing export are non-AI spend: kept, reported in non_ai_spend, never in an AI figure.

Lines shaped as AWS and Azure FOCUS exports write them (FOCUS 1.2 column names; ProviderName "AWS" / "Microsoft",
ServiceCategory "Compute" / "Storage" / "Databases") are added to the dirty demo's billing; the AI figures
(provider_reconciliation, chargeback) equal those of the build without them, and their billed total is in
non_ai_spend.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from python_tests.conftest import dbt

CLOUD_LINES = [
    # provider, service, category, billed cost (USD)
    ("AWS", "Amazon Elastic Compute Cloud", "Compute", 1234.56),
    ("AWS", "Amazon Simple Storage Service", "Storage", 78.9),
    ("Microsoft", "Azure SQL Database", "Databases", 410.0),
    ("Microsoft", "Virtual Machines", "Compute", 99.99),
]


@pytest.fixture(scope="module")
def with_cloud_lines(built, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    raw, database, _ = built
    work = tmp_path_factory.mktemp("non_ai")
    copy = work / "raw"
    shutil.copytree(raw, copy)
    schema = pq.read_schema(next((copy / "billing_focus").glob("*.parquet")))
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)
    rows = [
        {
            "BillingAccountId": f"acct-{provider.lower()}",
            "BillingPeriodStart": datetime(2026, 1, 1, tzinfo=UTC),
            "BillingPeriodEnd": datetime(2026, 2, 1, tzinfo=UTC),
            "ChargePeriodStart": start,
            "ChargePeriodEnd": end,
            "ProviderName": provider,
            "PublisherName": provider,
            "InvoiceIssuerName": provider,
            "ServiceName": service,
            "ServiceCategory": category,
            "ChargeCategory": "Usage",
            "ListCost": cost,
            "EffectiveCost": cost,
            "BilledCost": cost,
            "BillingCurrency": "USD",
        }
        for provider, service, category, cost in CLOUD_LINES
    ]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), copy / "billing_focus" / "cloud_export.parquet")
    built_with = work / "warehouse.duckdb"
    result = dbt(["build", "--exclude-resource-type", "unit_test"], copy, built_with, work)
    assert result.returncode == 0, result.stdout[-4000:]
    return database, built_with


def _rows(database: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return sorted(connection.execute(query).fetchall(), key=repr)


def test_cloud_lines_are_kept_and_reported_as_non_ai_spend(with_cloud_lines) -> None:
    _, database = with_cloud_lines
    assert _rows(
        database, "select count(*) from quarantine_billing_focus where provider_name in ('AWS', 'Microsoft')"
    ) == [(0,)]
    totals = dict(
        _rows(database, "select provider, billed_cost_usd from non_ai_spend where month_start_date = '2026-01-01'")
    )
    assert totals["aws"] == pytest.approx(1234.56 + 78.9)
    assert totals["azure"] == pytest.approx(410.0 + 99.99)  # ProviderName "Microsoft" is Azure (seed provider_aliases)


def test_ai_figures_do_not_change(with_cloud_lines) -> None:
    without, with_lines = with_cloud_lines
    for query in (
        "select month_start_date, provider, billed_usage_cost_usd, billed_total_usd from provider_reconciliation",
        "select month_start_date, cost_center_id, team_id, billing_currency, chargeback_cost from chargeback",
    ):
        assert _rounded(_rows(with_lines, query)) == _rounded(_rows(without, query)), query


def _rounded(rows: list[tuple]) -> list[tuple]:
    """Floats to 1e-9: the order in which a sum adds its lines may move its last bit."""
    return [tuple(round(value, 9) if isinstance(value, float) else value for value in row) for row in rows]
