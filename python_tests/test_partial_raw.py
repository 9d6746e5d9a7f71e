"""Only llm_requests is required: with each other raw table absent in its own way (no folder, an empty folder, a
zero-row file, a zero-row file with only some columns), the raw checkpoint reports the absent inputs and goes on,
`dbt build` succeeds, the marts that need them are empty (not missing), the build summary and raw_input_summary name
them, and the dashboards say what is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from aifinops import report
from aifinops.quality import readers, run
from python_tests.conftest import dbt, make_demo

ABSENT = ["workflow_runs", "billing_focus", "governance_events", "ai_subscriptions"]
VIEWS = Path(__file__).resolve().parents[1] / "dashboards" / "views"


@pytest.fixture(scope="module")
def partial(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    full = make_demo(tmp_path_factory.mktemp("partial_full") / "raw", requests=4_000, days=40, seed=5)
    raw = tmp_path_factory.mktemp("partial") / "raw"
    shutil.copytree(full / "llm_requests", raw / "llm_requests")
    # workflow_runs: no folder at all.
    (raw / "billing_focus").mkdir()  # an empty folder
    (raw / "governance_events").mkdir()  # a zero-row file with the contract's columns
    events = pq.read_table(next((full / "governance_events").glob("*.parquet")))
    pq.write_table(events.slice(0, 0), raw / "governance_events" / "empty.parquet")
    (raw / "ai_subscriptions").mkdir()  # a zero-row file with two of the columns
    pq.write_table(
        pa.table({"subscription_id": pa.array([], pa.string()), "vendor": pa.array([], pa.string())}),
        raw / "ai_subscriptions" / "empty.parquet",
    )
    work = tmp_path_factory.mktemp("partial_dbt")
    database = work / "warehouse.duckdb"
    result = dbt(["build", "--exclude-resource-type", "unit_test"], raw, database, work)
    assert result.returncode == 0, result.stdout[-6000:]
    assert "ERROR=0" in result.stdout
    return raw, database


def test_the_raw_checkpoint_names_the_absent_inputs_and_goes_on(partial, capsys) -> None:
    raw, _ = partial
    assert run.main(["raw", "--raw", str(raw)]) == 0
    out = capsys.readouterr().out
    for table in ABSENT:
        assert f"absent   {table}:" in out
    assert "(0 critical)" in out


def test_without_the_calls_the_raw_checkpoint_stops(tmp_path: Path, capsys) -> None:
    (tmp_path / "workflow_runs").mkdir()
    assert run.main(["raw", "--raw", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "critical llm_requests: raw table present" in out and "STOP" in out


def test_files_the_build_does_not_read_are_named(tmp_path: Path, capsys) -> None:
    (tmp_path / "llm_requests").mkdir()
    (tmp_path / "llm_requests" / "calls.csv").write_text("request_id\nr1\n")
    assert run.main(["raw", "--raw", str(tmp_path)]) == 1  # no calls: stops, and names the file it ignored
    out = capsys.readouterr().out
    assert "warning  llm_requests: not read (only *.parquet is):" in out and "calls.csv" in out


def test_a_file_the_build_cannot_read_is_named(tmp_path: Path) -> None:
    (tmp_path / "ai_subscriptions").mkdir()
    pq.write_table(pa.table({}), tmp_path / "ai_subscriptions" / "nothing.parquet")
    (tmp_path / "ai_subscriptions" / "notes.parquet").write_text("not parquet")
    problems = readers.DuckDBReader(raw=tmp_path).unreadable_files("ai_subscriptions")
    assert len(problems) == 2
    assert any("nothing.parquet: a Parquet file without columns" in problem for problem in problems)
    assert any("notes.parquet: not a readable Parquet file" in problem for problem in problems)


def test_the_marts_of_absent_inputs_are_empty_not_missing(partial) -> None:
    _, database = partial
    with duckdb.connect(str(database), read_only=True) as connection:
        for mart in (
            "fct_workflow_runs",
            "cost_per_accepted_output",
            "provider_reconciliation",
            "allocation_accuracy",
            "chargeback",
            "focus_allocated_ai_cost",
            "subscription_waste",
        ):
            assert connection.execute(f"select count(*) from {mart}").fetchone()[0] == 0, mart
        # Anomalies are found from the calls; without a governance log none is acknowledged or resolved.
        statuses = connection.execute("select distinct remediation_status from anomaly_remediation").fetchall()
        assert statuses in ([], [("open",)])
        kept_calls = connection.execute("select count(*) from fct_llm_requests").fetchone()[0]
        spend = connection.execute("select count(*) from fct_daily_spend").fetchone()[0]
        summary = dict(connection.execute("select raw_table, is_absent from raw_input_summary").fetchall())
    assert kept_calls > 3_000 and spend > 0
    assert summary == {"llm_requests": False, **{table: True for table in ABSENT}}


def test_the_build_summary_names_the_absent_inputs(partial, capsys) -> None:
    _, database = partial
    assert report.main(["--database", str(database)]) == 0
    out = capsys.readouterr().out
    assert "absent inputs: workflow_runs, billing_focus, governance_events, ai_subscriptions" in out
    assert "PASS" in out


@pytest.mark.parametrize(
    ("page", "says", "command"),
    [
        ("unit_cost.py", "No workflow outcomes loaded", "data/raw/workflow_runs/"),
        ("allocation.py", "No billing (FOCUS invoice) loaded", "cp focus-export.csv data/raw/billing_focus/"),
        ("chargeback.py", "No billing (FOCUS invoice) loaded", "python -m aifinops.cost_reports"),
        ("scorecard.py", "No AI SaaS seat export loaded", "data/raw/ai_subscriptions/"),
        ("scorecard.py", "No workflow outcomes loaded", "data/raw/workflow_runs/"),
        ("optimisation.py", "No AI SaaS seat export loaded", "data/raw/ai_subscriptions/"),
        ("budgets.py", "No governance log loaded", "data/raw/governance_events/"),
    ],
)
def test_the_dashboards_say_what_is_missing_and_the_command_that_loads_it(
    partial, monkeypatch: pytest.MonkeyPatch, page: str, says: str, command: str
) -> None:
    _, database = partial
    monkeypatch.setenv("AI_FINOPS_DUCKDB_PATH", str(database))
    monkeypatch.setenv("AI_FINOPS_DASHBOARD_TARGET", "duckdb")
    app = AppTest.from_file(str(VIEWS / page), default_timeout=60)
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    notes = " ".join(item.value for item in app.info)
    assert says in notes and command in notes and "dbt build" in notes
