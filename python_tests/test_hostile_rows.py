"""No single raw row can stop a build: a corpus of hostile rows for every column of every raw table (hostile_rows.py)
is mixed into a clean demo, and the build passes; every row the corpus marks bad is in quarantine with the reason
it names (and the unreadable column where a value does not convert), every row it marks valid is kept with its
values as written, and for each raw table rows in = rows kept + rows quarantined."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest

from aifinops.quality.suites import contract
from python_tests.conftest import dbt, make_demo
from python_tests.hostile_rows import SPECS, CorpusRow, write_corpus


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[CorpusRow], Path, Path]:
    raw = make_demo(tmp_path_factory.mktemp("hostile") / "raw", requests=6_000, days=45, seed=11)
    corpus = write_corpus(raw)
    work = tmp_path_factory.mktemp("hostile_dbt")
    database = work / "warehouse.duckdb"
    result = dbt(["build", "--exclude-resource-type", "unit_test"], raw, database, work)
    assert result.returncode == 0, result.stdout[-6000:]
    assert "ERROR=0" in result.stdout
    return corpus, raw, database


def test_the_corpus_covers_every_column_of_every_raw_table(hostile) -> None:
    corpus, _, _ = hostile
    for table, columns in contract().items():
        tested = {row.case.column for row in corpus if row.table == table}
        assert set(columns) <= tested, (table, sorted(set(columns) - tested))
    kinds = Counter(type(row.case.value).__name__ for row in corpus)
    assert kinds["str"] and kinds["int"] and kinds["float"] and kinds["NoneType"] and kinds["datetime"]


@pytest.mark.parametrize("table", list(SPECS))
def test_every_hostile_row_gets_the_reason_it_deserves(hostile, table: str) -> None:
    corpus, _, database = hostile
    spec = SPECS[table]
    rows = [row for row in corpus if row.table == table]
    with duckdb.connect(str(database), read_only=True) as connection:
        quarantined = connection.execute(
            f"select {spec.key_model}, rejection_reason, unreadable_columns from quarantine_{table}"
        ).fetchall()
        kept = {row[0] for row in connection.execute(f"select {spec.key_model} from {spec.kept_model}").fetchall()}
    by_key = {key: (reason, columns) for key, reason, columns in quarantined}
    named = {row.key for row in rows if row.key}
    wrong = []
    for row in rows:
        if row.key is None:
            continue
        expected = row.case.expected
        got = by_key.get(row.key, (None, None))[0]
        if got != expected or (expected is None and row.key not in kept):
            wrong.append((row.case.column, repr(row.case.value)[:40], expected, got))
        if expected == "unreadable_value":
            assert row.case.column in (by_key[row.key][1] or "").split(), row.case
    assert not wrong, wrong
    # Rows whose key is empty (or a copy of another row's key) are matched by reason.
    unnamed_expected = Counter(row.case.expected for row in rows if row.key is None and row.case.expected)
    unnamed_got = Counter(reason for key, reason, _ in quarantined if key not in named)
    assert unnamed_got == unnamed_expected


@pytest.mark.parametrize("table", list(SPECS))
def test_valid_hostile_values_are_kept_as_written(hostile, table: str) -> None:
    corpus, _, database = hostile
    spec = SPECS[table]
    checked = 0
    with duckdb.connect(str(database), read_only=True) as connection:
        for row in corpus:
            if row.table != table or row.case.expected is not None or row.case.column not in spec.preserved:
                continue
            staged = spec.preserved[row.case.column]
            found = connection.execute(
                f"select {staged} from {spec.kept_model} where {spec.key_model} = ?", [row.key]
            ).fetchall()
            assert found == [(row.case.value,)], (row.case, found)
            checked += 1
    assert checked >= 1


@pytest.mark.parametrize("table", list(SPECS))
def test_rows_in_equal_rows_kept_plus_rows_quarantined(hostile, table: str) -> None:
    _, raw, database = hostile
    spec = SPECS[table]
    with duckdb.connect() as connection:
        raw_rows = connection.execute(
            f"select count(*) from read_parquet('{raw}/{table}/*.parquet', union_by_name = true)"
        ).fetchone()[0]
    with duckdb.connect(str(database), read_only=True) as connection:
        kept = connection.execute(f"select count(*) from {spec.kept_model}").fetchone()[0]
        quarantined = connection.execute(f"select count(*) from quarantine_{table}").fetchone()[0]
    expected_bad = sum(1 for row in hostile[0] if row.table == table and row.case.expected)
    assert quarantined == expected_bad  # the clean demo rejects nothing
    assert kept + quarantined == raw_rows
