"""An incremental build gives the same rows as a full refresh over the same data.

The dirty test demo is cut at a day: the first load holds every day before it except one late day inside the
lookback window (its telemetry arrives later); the second load adds the new day, the late day and a copy of a
request kept weeks earlier. Building the first load, then the second incrementally, must leave every table
equal to a full refresh of the second load.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import dbt

NEW_DAY = "2026-05-20"
LATE_DAY = "2026-05-18"  # inside the 3-day lookback of the first load's last day (2026-05-19)
# The same across a month end: the late day is in April, so the month marts must recompute April too.
MONTH_START_NEW_DAY = "2026-05-01"
MONTH_END_LATE_DAY = "2026-04-29"  # inside the lookback of the first load's last day (2026-04-30)
FUTURE = "2026-07-01"  # rows dated after this are the corpus's future-dated ones: in both loads
TELEMETRY = ("llm_requests", "workflow_runs")
OTHER_RAW = ("billing_focus", "governance_events", "ai_subscriptions")
MODELS_ONLY = ["build", "--exclude", "resource_type:test", "resource_type:unit_test"]


def cut(raw: Path, out: Path, keep: str, extra_copy: str | None = None) -> None:
    """Copy the raw contract to `out`, keeping the telemetry rows where `keep` (SQL over started_at) holds, with a
    second copy dated `extra_copy` of a request kept in January."""
    connection = duckdb.connect()
    for table in TELEMETRY:
        (out / table).mkdir(parents=True)
        rows = f"select * from read_parquet('{raw}/{table}/*.parquet', union_by_name = true) where {keep}"
        if extra_copy and table == "llm_requests":
            # A second copy, on the new day, of a request kept in January (before any lookback window).
            rows += f"""
                union all by name
                select * replace (timestamp '{extra_copy} 12:00:00' as started_at)
                from read_parquet('{raw}/{table}/*.parquet', union_by_name = true)
                where request_id = (
                    select min(request_id) from read_parquet('{raw}/{table}/*.parquet', union_by_name = true)
                    where cast(started_at as date) = date '2026-01-15' and status = 'ok'
                )"""
        connection.execute(f"copy ({rows}) to '{out / table / (table + '.parquet')}' (format parquet)")
    for table in OTHER_RAW:
        (out / table).mkdir(parents=True)
        connection.execute(
            f"copy (select * from read_parquet('{raw}/{table}/*.parquet', union_by_name = true)) "
            f"to '{out / table / (table + '.parquet')}' (format parquet)"
        )
    connection.close()


Table = tuple[list[bool], list[tuple]]


BUILD_STAMP = "built_at"  # when the build wrote the row: differs between any two builds, so never compared


def table_rows(database: Path) -> dict[str, Table]:
    """Every table's rows but their build stamp, with which columns are floating point (sums may add up in
    another order)."""
    connection = duckdb.connect(str(database), read_only=True)
    tables = [
        name
        for (name,) in connection.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'main' and table_type = 'BASE TABLE' order by 1"
        ).fetchall()
    ]
    rows = {}
    for table in tables:
        columns, floating = compared_columns(connection, table)
        select = ", ".join(f'"{name}"' for name in columns)
        rows[table] = (floating, connection.execute(f'select {select} from "{table}"').fetchall())
    connection.close()
    return rows


def compared_columns(connection: duckdb.DuckDBPyConnection, table: str) -> tuple[list[str], list[bool]]:
    """The columns of a table of the main schema compared between builds, in order, and which are floating
    point."""
    described = connection.execute(
        "select column_name, data_type in ('DOUBLE', 'FLOAT') from information_schema.columns "
        "where table_schema = 'main' and table_name = ? and column_name <> ? order by ordinal_position",
        [table, BUILD_STAMP],
    ).fetchall()
    return [name for name, _ in described], [floating for _, floating in described]


def same_rows(left: Table, right: Table) -> bool:
    """Equal multisets of rows; floating-point values equal to 1e-9 relative (or 1e-7 absolute)."""
    floating, left_rows = left
    _, right_rows = right
    if len(left_rows) != len(right_rows):
        return False

    def key(row: tuple) -> tuple:
        return tuple(repr(v) if not f else (v is None, round(v or 0.0, 3)) for v, f in zip(row, floating, strict=True))

    for a, b in zip(sorted(left_rows, key=key), sorted(right_rows, key=key), strict=True):
        for x, y, f in zip(a, b, floating, strict=True):
            if f and x is not None and y is not None:
                if abs(x - y) > max(1e-7, 1e-9 * max(abs(x), abs(y))):
                    return False
            elif x != y:
                return False
    return True


def differing_tables(left: dict[str, Table], right: dict[str, Table]) -> list[str]:
    assert left.keys() == right.keys()
    return [table for table in left if not same_rows(left[table], right[table])]


def make_loads(dirty_demo: Path, folder: Path, new_day: str, late_day: str) -> tuple[Path, Path]:
    """The first load: every day before `new_day` but `late_day`; the second: every day to `new_day`, with a copy
    made on `new_day` of a January request."""
    undated_or_future = f"started_at is null or cast(started_at as date) > date '{FUTURE}'"
    first = folder / "first"
    cut(
        dirty_demo,
        first,
        f"(cast(started_at as date) < date '{new_day}' and cast(started_at as date) <> date '{late_day}') "
        f"or {undated_or_future}",
    )
    second = folder / "second"
    cut(dirty_demo, second, f"cast(started_at as date) <= date '{new_day}' or {undated_or_future}", extra_copy=new_day)
    return first, second


@pytest.fixture(scope="module")
def loads(dirty_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_loads(dirty_demo, tmp_path_factory.mktemp("loads"), NEW_DAY, LATE_DAY)


@pytest.mark.parametrize(
    ("new_day", "late_day"),
    [(NEW_DAY, LATE_DAY), (MONTH_START_NEW_DAY, MONTH_END_LATE_DAY)],
    ids=["mid_month", "month_end"],
)
def test_incremental_build_equals_full_refresh_with_a_late_day(
    dirty_demo: Path, new_day: str, late_day: str, tmp_path: Path
) -> None:
    first, second = make_loads(dirty_demo, tmp_path / "loads", new_day, late_day)
    incremental = tmp_path / "incremental.duckdb"
    result = dbt(MODELS_ONLY, first, incremental, tmp_path / "a")
    assert result.returncode == 0, result.stdout[-3000:]
    result = dbt(MODELS_ONLY, second, incremental, tmp_path / "a")
    assert result.returncode == 0, result.stdout[-3000:]
    full = tmp_path / "full.duckdb"
    result = dbt([*MODELS_ONLY, "--full-refresh"], second, full, tmp_path / "b")
    assert result.returncode == 0, result.stdout[-3000:]

    assert differing_tables(table_rows(incremental), table_rows(full)) == []

    # The cut exercised what it was meant to: the late day and the new day are in, and the copy made on the
    # new day of a January request is a duplicate ranked after the January row.
    connection = duckdb.connect(str(incremental), read_only=True)
    days = connection.execute(
        f"select count(distinct started_date) from fct_llm_requests "
        f"where started_date in (date '{late_day}', date '{new_day}')"
    ).fetchone()
    assert days == (2,)
    copy = connection.execute(
        f"select copy_number, rejection_reason from quarantine_llm_requests "
        f"where cast(started_at as date) = date '{new_day}' and rejection_reason = 'duplicate_request_id' "
        f"and request_id in (select request_id from fct_llm_requests where started_date = date '2026-01-15')"
    ).fetchall()
    assert copy == [(2, "duplicate_request_id")]
    connection.close()


def test_comparison_sees_a_single_changed_row(loads, tmp_path: Path) -> None:
    """The equality check above can fail: one changed cost in a copy of the warehouse is found."""
    _, second = loads
    database = tmp_path / "w.duckdb"
    result = dbt(MODELS_ONLY, second, database, tmp_path / "a")
    assert result.returncode == 0, result.stdout[-3000:]
    before = table_rows(database)
    connection = duckdb.connect(str(database))
    connection.execute(
        "update fct_daily_spend set model_cost_usd = model_cost_usd + 0.01 "
        "where spend_date = (select max(spend_date) from fct_daily_spend) and team_id = "
        "(select min(team_id) from fct_daily_spend where spend_date = (select max(spend_date) from fct_daily_spend))"
    )
    connection.close()
    after = table_rows(database)
    assert differing_tables(before, after) == ["fct_daily_spend"]


def test_a_build_tests_the_rows_it_wrote_and_dbt_test_every_row(loads, tmp_path: Path) -> None:
    """In a `dbt build`, the data tests of a model with built_at check the rows that build wrote (the re-read days
    after an incremental build); `dbt test` checks every row. A January call given negative cache savings after
    the first load (a column only day-incremental models read) shows both: the incremental build neither
    rewrites nor re-tests it, `dbt test` fails on it and on nothing else. A view's tests read only this build's
    rows when the tables stamping them were built too: a January run given negative review minutes in the
    checked runs passes the daily job, fails `dbt test`, and fails a build of the staging view alone (its table
    not rebuilt, every row of the view is tested, not none)."""
    first, second = loads
    database = tmp_path / "w.duckdb"
    result = dbt(MODELS_ONLY, first, database, tmp_path / "a")
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "update fct_llm_requests set cache_savings_usd = -1 where request_id = (select min(request_id) "
            "from fct_llm_requests where started_date = date '2026-01-15')"
        )
        connection.execute(
            "update base_telemetry__workflow_runs_checked set human_review_minutes = -1 where workflow_run_id = "
            "(select min(workflow_run_id) from base_telemetry__workflow_runs_checked "
            "where partition_date = date '2026-01-15' and invalid_reason is null)"
        )
    result = dbt(["build", "--selector", "daily"], second, database, tmp_path / "a")  # the README's daily job
    assert result.returncode == 0, result.stdout[-3000:]
    assert "PASS accepted_range_fct_llm_requests_cache_savings_usd" in result.stdout  # it ran, on the new rows
    assert "PASS accepted_range_stg_telemetry__workflow_runs_human_review_minutes" in result.stdout
    with duckdb.connect(str(database), read_only=True) as connection:
        stamps = connection.execute(
            "select started_date >= date '2026-05-16', count(distinct built_at), "
            "max(built_at) = (select max(built_at) from fct_llm_requests) "
            "from fct_llm_requests group by 1 order by 1"
        ).fetchall()
    # Days before the window keep the first build's stamp; the re-read days carry this build's.
    assert stamps == [(False, 1, False), (True, 1, True)]

    result = dbt(["test", "--exclude-resource-type", "unit_test"], second, database, tmp_path / "a")
    assert result.returncode == 1
    failures = sorted(line.split(" FAIL ")[1].split()[1] for line in result.stdout.splitlines() if " FAIL " in line)
    assert failures == [
        "accepted_range_fct_llm_requests_cache_savings_usd__0",
        "accepted_range_stg_telemetry__workflow_runs_human_review_minutes__0",
    ], result.stdout[-3000:]

    result = dbt(["build", "--select", "stg_telemetry__workflow_runs"], second, database, tmp_path / "a")
    assert result.returncode == 1
    failures = [line for line in result.stdout.splitlines() if " FAIL " in line]
    assert len(failures) == 1 and "accepted_range_stg_telemetry__workflow_runs_human_review_minutes" in failures[0]


def test_daily_selector_builds_every_model_and_leaves_out_only_seeds_and_their_own_tests(built, tmp_path: Path) -> None:
    """The README's daily job (selector `daily`): every model, every data test that reads a model, no seed, no
    unit test, and no test that reads only seeds. Expected sets computed from the manifest's dependencies."""
    raw, database, _ = built
    listed = dbt(
        ["ls", "--selector", "daily", "--output", "json", "--output-keys", "unique_id"], raw, database, tmp_path
    )
    assert listed.returncode == 0, listed.stdout[-3000:]
    selected = {json.loads(line)["unique_id"] for line in listed.stdout.splitlines() if line.startswith("{")}
    nodes = json.loads((tmp_path / "target" / "manifest.json").read_text())["nodes"].values()
    models = {node["unique_id"] for node in nodes if node["resource_type"] == "model"}
    tests = {node["unique_id"]: set(node["depends_on"]["nodes"]) for node in nodes if node["resource_type"] == "test"}
    seed_only = {test for test, parents in tests.items() if parents and all(p.startswith("seed.") for p in parents)}
    assert models and seed_only
    assert {node for node in selected if node.startswith("model.")} == models
    assert {node for node in selected if node.startswith("test.")} == set(tests) - seed_only
    assert not any(node.startswith(("seed.", "unit_test.")) for node in selected)
    # A test joining a model to a seed (the run's team must be a known team) stays in.
    assert any(
        node.startswith("test.ai_finops.relationships_stg_telemetry__workflow_runs_requesting_team_id")
        for node in selected
    )
