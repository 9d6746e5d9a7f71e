"""Shared fixtures: small demo data sets generated once per test session."""

from __future__ import annotations

import json
import os
import subprocess
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


DBT = str(Path(os.environ.get("VIRTUAL_ENV", PROJECT_ROOT / ".venv")) / "bin" / "dbt")


def dbt_environment(raw: Path, database: Path) -> dict[str, str]:
    """This process's environment pointed at a raw folder and a DuckDB warehouse, with the project's profile."""
    env = dict(os.environ)
    env.update(
        AI_FINOPS_RAW_PATH=str(raw),
        AI_FINOPS_DUCKDB_PATH=str(database),
        AI_FINOPS_TARGET="duckdb",
        DBT_PROFILES_DIR=str(PROJECT_ROOT),
    )
    return env


def dbt(command: list[str], raw: Path, database: Path, work: Path) -> subprocess.CompletedProcess:
    args = [DBT, *command, "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    env = dbt_environment(raw, database)
    return subprocess.run(args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def built(dirty_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    work = tmp_path_factory.mktemp("dbt")
    database = work / "warehouse.duckdb"
    result = dbt(["build"], dirty_demo, database, work)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "ERROR=0" in result.stdout and "WARN=0" in result.stdout
    return dirty_demo, database, work
