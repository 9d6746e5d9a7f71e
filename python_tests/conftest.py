"""Shared fixtures: small demo data sets generated once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from aifinops.demo.cli import main as generate

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT_ROOT / "seeds"


def make_demo(folder: Path, *extra: str, requests: int = 60_000, days: int = 182, seed: int = 7) -> Path:
    args = ["--requests", str(requests), "--days", str(days), "--seed", str(seed), "--out", str(folder)]
    args += ["--seeds", str(SEEDS), *extra]
    assert generate(args) == 0
    return folder


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default period (2025-12-01, 182 days) at a small size, clean."""
    return make_demo(tmp_path_factory.mktemp("demo") / "raw")


@pytest.fixture(scope="session")
def dirty_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Same company and seed as `demo`, with the malformed-row corpus mixed in."""
    return make_demo(tmp_path_factory.mktemp("dirty") / "raw", "--dirty")


@pytest.fixture(scope="session")
def manifest(demo: Path) -> dict:
    return json.loads((demo / "_manifest.json").read_text())


@pytest.fixture()
def sql(demo: Path):
    """Run SQL over the clean demo's raw tables, exposed as views named after them."""
    connection = duckdb.connect()
    for table in ("llm_requests", "workflow_runs", "billing_focus", "governance_events", "ai_subscriptions"):
        connection.execute(f"create view {table} as select * from read_parquet('{demo}/{table}/*.parquet')")
    for seed in ("teams", "api_keys", "workflows", "model_tiers", "model_prices"):
        connection.execute(f"create view {seed} as select * from read_csv_auto('{SEEDS / seed}.csv', header = true)")

    def run(query: str) -> list[tuple]:
        return connection.execute(query).fetchall()

    yield run
    connection.close()
