"""The benchmark's own parts measure what they claim (no timing is asserted: `make bench` prints figures)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import dbt.version
import duckdb
import pytest

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


def test_each_measurement_records_the_engines_it_ran_on(capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[bench.Row] = []
    bench.recorder(rows, "abc1234", 1_000)("full", "dbt run", bench.Measure(2.5, 100.0), 7)
    assert [(r.duckdb_version, r.dbt_version) for r in rows] == [(duckdb.__version__, dbt.version.__version__)]
    assert "dbt run" in capsys.readouterr().out


def test_results_written_before_the_version_columns_keep_their_rows(tmp_path: Path) -> None:
    results = tmp_path / "results.csv"
    results.write_text(
        "measured_at,commit,requests,phase,command,seconds,peak_rss_mib,rows\n"
        "2026-12-01T21:33:36+00:00,47f000a,10000000,full,write floor,23.82,0.0,9818763\n"
    )
    new = bench.Row("2026-12-02T05:00:00+00:00", "abc1234", 1_000, "full", "dbt run", 2.5, 100.0, 7, "2.0.1", "1.11.16")
    bench.append_results(results, [new])
    assert results.read_text().splitlines() == [
        "measured_at,commit,requests,phase,command,seconds,peak_rss_mib,rows,duckdb_version,dbt_version",
        "2026-12-01T21:33:36+00:00,47f000a,10000000,full,write floor,23.82,0.0,9818763,,",
        "2026-12-02T05:00:00+00:00,abc1234,1000,full,dbt run,2.5,100.0,7,2.0.1,1.11.16",
    ]
    bench.append_results(results, [new])  # a file of the current header is only appended to
    assert len(results.read_text().splitlines()) == 4


def test_results_with_columns_the_bench_does_not_know_are_left_alone(tmp_path: Path) -> None:
    results = tmp_path / "results.csv"
    results.write_text("measured_at,commit,cpu_model\nt,c,EPYC\n")
    new = bench.Row("t", "c", 1_000, "full", "dbt run", 2.5, 100.0, 7)
    with pytest.raises(ValueError, match="cpu_model"):
        bench.append_results(results, [new])
    assert results.read_text() == "measured_at,commit,cpu_model\nt,c,EPYC\n"
