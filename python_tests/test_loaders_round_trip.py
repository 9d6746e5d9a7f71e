"""The demo company exported as a producer would log it (OTLP JSON traces, LiteLLM spend logs) and loaded back
with `python -m aifinops.load` builds the same warehouse as the Parquet demo: every table equal, but the ids the
loaders derive (request and trace ids: `<trace>-<span>` for OTLP) and the resolved-name table keyed by the
source's token convention (otel, litellm: the same meaning as the contract's)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from aifinops.demo.export import main as export_main
from aifinops.load.cli import main as load_main
from python_tests.conftest import dbt, make_demo
from python_tests.test_incremental import same_rows

OTHER_RAW = ("workflow_runs", "billing_focus", "governance_events", "ai_subscriptions")
NOT_COMPARED_COLUMNS = {"built_at", "request_id", "trace_id"}
NOT_COMPARED_TABLES = {"base_telemetry__model_matches"}  # keyed by the usage source as reported


def tables(database: Path) -> dict[str, tuple[list[bool], list[tuple]]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        names = [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'main' and table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        found = {}
        for name in names:
            if name in NOT_COMPARED_TABLES:
                continue
            described = connection.execute(
                "select column_name, data_type in ('DOUBLE', 'FLOAT') from information_schema.columns"
                " where table_schema = 'main' and table_name = ? order by ordinal_position",
                [name],
            ).fetchall()
            columns = [(column, floating) for column, floating in described if column not in NOT_COMPARED_COLUMNS]
            if not columns:
                continue
            select = ", ".join(f'"{column}"' for column, _ in columns)
            found[name] = ([f for _, f in columns], connection.execute(f'select {select} from "{name}"').fetchall())
    return found


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("round_trip")
    demo = make_demo(folder / "demo", requests=20_000, days=60)
    databases = {}
    for fmt, name in (("otel", "traces.jsonl"), ("litellm", "spend_logs.csv")):
        export = folder / name
        assert export_main(["--format", fmt, "--raw", str(demo), "--out", str(export)]) == 0
        raw = folder / fmt
        for table in OTHER_RAW:
            shutil.copytree(demo / table, raw / table)
        assert load_main(["--format", fmt, "--path", str(export), "--raw", str(raw)]) == 0
        databases[fmt] = raw
    databases["parquet"] = demo
    built = {}
    for label, raw in databases.items():
        database = folder / f"{label}.duckdb"
        result = dbt(["build"], raw, database, folder / f"work_{label}")
        assert result.returncode == 0, result.stdout[-4000:]
        built[label] = database
    return built


@pytest.mark.parametrize("fmt", ["otel", "litellm"])
def test_loading_the_exported_demo_builds_the_same_warehouse(builds, fmt: str) -> None:
    expected, loaded = tables(builds["parquet"]), tables(builds[fmt])
    assert expected.keys() == loaded.keys()
    assert len(expected["fct_llm_requests"][1]) > 15_000
    assert [name for name in expected if not same_rows(expected[name], loaded[name])] == []


def test_the_comparison_sees_one_changed_call(builds, tmp_path: Path) -> None:
    changed = tmp_path / "changed.duckdb"
    shutil.copy(builds["otel"], changed)
    with duckdb.connect(str(changed)) as connection:
        connection.execute(
            "update fct_llm_requests set output_tokens = output_tokens + 1"
            " where request_id = (select min(request_id) from fct_llm_requests)"
        )
    expected, loaded = tables(builds["parquet"]), tables(changed)
    assert [name for name in expected if not same_rows(expected[name], loaded[name])] == ["fct_llm_requests"]
