"""dbt build on the dirty demo: it succeeds, and every raw row is kept or quarantined with the expected reason."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import PROJECT_ROOT

DBT = str(Path(os.environ.get("VIRTUAL_ENV", PROJECT_ROOT / ".venv")) / "bin" / "dbt")


def dbt(command: list[str], raw: Path, database: Path, work: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        AI_FINOPS_RAW_PATH=str(raw),
        AI_FINOPS_DUCKDB_PATH=str(database),
        AI_FINOPS_TARGET="duckdb",
        DBT_PROFILES_DIR=str(PROJECT_ROOT),
    )
    args = [DBT, *command, "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    return subprocess.run(args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def built(dirty_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    work = tmp_path_factory.mktemp("dbt")
    database = work / "warehouse.duckdb"
    result = dbt(["build"], dirty_demo, database, work)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "ERROR=0" in result.stdout and "WARN=0" in result.stdout
    return dirty_demo, database, work


def test_build_passes_on_dirty_data_with_unit_tests(built) -> None:
    _, _, work = built
    results = json.loads((work / "target" / "run_results.json").read_text())["results"]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 3 and all(r["status"] == "pass" for r in unit_tests)
    assert all(r["status"] in ("pass", "success") for r in results)


def test_every_malformed_row_is_quarantined_with_its_reason(built) -> None:
    raw, database, _ = built
    expected = json.loads((raw / "_manifest.json").read_text())["expected_quarantine"]
    with duckdb.connect(str(database), read_only=True) as connection:
        for table, reasons in expected.items():
            got = dict(
                connection.execute(f"select rejection_reason, count(*) from quarantine_{table} group by 1").fetchall()
            )
            assert got == reasons, table


def test_kept_plus_quarantined_equals_raw(built) -> None:
    raw, database, _ = built
    manifest = json.loads((raw / "_manifest.json").read_text())
    staging = {
        "llm_requests": "stg_telemetry__llm_requests",
        "workflow_runs": "stg_telemetry__workflow_runs",
        "billing_focus": "stg_focus__billing_focus",
        "governance_events": "stg_governance__governance_events",
        "ai_subscriptions": "stg_saas__ai_subscriptions",
    }
    with duckdb.connect(str(database), read_only=True) as connection:
        for table, model in staging.items():
            kept = connection.execute(f"select count(*) from {model}").fetchone()[0]
            quarantined = connection.execute(f"select count(*) from quarantine_{table}").fetchone()[0]
            assert kept + quarantined == manifest["raw_rows"][table], table
            assert quarantined == sum(manifest["expected_quarantine"][table].values()), table


def test_accounting_test_fails_when_a_row_goes_missing(built, tmp_path: Path) -> None:
    raw, database, work = built
    tampered = tmp_path / "tampered.duckdb"
    shutil.copy(database, tampered)
    with duckdb.connect(str(tampered)) as connection:
        connection.execute("delete from quarantine_llm_requests where rejection_reason = 'negative_tokens'")
    result = dbt(["test", "--select", "assert_every_raw_row_is_accounted_for"], raw, tampered, tmp_path)
    assert result.returncode != 0
    assert "FAIL 1" in result.stdout
