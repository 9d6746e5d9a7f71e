"""The benchmark's own parts measure what they claim (no timing is asserted: `make bench` prints figures)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import duckdb

from aifinops import bench


def test_peak_memory_counts_the_whole_process_tree(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(bench, "WORK", tmp_path)
    child = "import time; x = bytearray(300 * 2**20); x[::4096] = b'1' * len(x[::4096]); time.sleep(1)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}], check=True)"
    measure = bench.measured([sys.executable, "-c", parent], env={})
    assert measure.peak_rss_mib >= 300  # the grandchild's memory is counted
    assert measure.seconds >= 1


def test_data_without_the_last_day_drops_exactly_that_day(demo: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(demo, raw)
    before, last_day = bench.without_last_day(raw)
    assert last_day == "2026-05-31"
    with duckdb.connect() as connection:
        for table in bench.TELEMETRY:
            count = f"select count(*) from read_parquet('{{}}/{table}/*.parquet', union_by_name = true)"
            (all_rows,) = connection.execute(count.format(raw)).fetchone()
            (kept,) = connection.execute(count.format(before)).fetchone()
            (last,) = connection.execute(
                count.format(raw) + f" where cast(started_at as date) = date '{last_day}'"
            ).fetchone()
            assert last > 0 and kept == all_rows - last
        assert (before / "billing_focus").resolve() == (raw / "billing_focus").resolve()


def test_floors_read_every_request(demo: Path, tmp_path: Path) -> None:
    seconds, rows = bench.write_floor(demo, tmp_path / "floor.duckdb")
    with duckdb.connect() as connection:
        (expected,) = connection.execute(
            f"select count(*) from read_parquet('{demo}/llm_requests/*.parquet', union_by_name = true)"
        ).fetchone()
        (day_teams,) = connection.execute(
            "select count(*) from (select distinct cast(started_at as date), team "
            f"from read_parquet('{demo}/llm_requests/*.parquet', union_by_name = true))"
        ).fetchone()
    assert rows == expected and seconds > 0
    assert bench.scan_floor(demo)[1] == day_teams


def test_summary_figures_are_medians_of_the_repetitions() -> None:
    def row(seconds: float, command: str = "dbt build") -> bench.Row:
        return bench.Row("t", "c", 1_000, "full", command, seconds, 0.0, 0)

    rows = [row(9.0), row(1.0), row(4.0), row(100.0, "dbt run")]
    assert bench.median_seconds(rows, 1_000, "full", "dbt build") == 4.0
    assert bench.median_seconds(rows, 1_000, "full", "dbt run") == 100.0
    assert bench.median_seconds(rows, 1_000, "incremental", "dbt build") is None
