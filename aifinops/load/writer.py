"""Write what an adapter read as the raw contract's Parquet files: one file per raw table and load, time-ordered, in
row groups of about 100k rows, written atomically (a `.partial` file renamed when every table is written), and
recorded in the load ledger (`<raw>/_loads/ledger.jsonl`).

Idempotent: a source file whose content hash the ledger holds is not read again, and a row whose id (request_id,
workflow_run_id) a file of the raw folder already holds is skipped as already loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from aifinops import contract_types

ROW_GROUP_ROWS = 100_000
# The id that makes a row "already loaded", per raw table.
ROW_IDS = {"llm_requests": "request_id", "workflow_runs": "workflow_run_id"}


@dataclass
class Written:
    table: str
    path: Path | None
    rows: int
    already_loaded: int
    rejected: dict[str, int]


def ledger_path(raw: Path) -> Path:
    return raw / "_loads" / "ledger.jsonl"


def loaded_hashes(raw: Path) -> set[str]:
    path = ledger_path(raw)
    if not path.exists():
        return set()
    hashes = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            hashes.add(json.loads(line)["content_sha256"])
    return hashes


def record_loads(raw: Path, entries: list[dict]) -> None:
    path = ledger_path(raw)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, sort_keys=True) + "\n")


def contract_select(columns: list[str], table: str) -> str:
    """The select list that gives a relation with `columns` the raw table's contract columns and types."""
    types = contract_types.contract("duckdb")[table]
    present = set(columns)
    return ",\n    ".join(
        f"cast({name} as {data_type}) as {name}" if name in present else f"cast(null as {data_type}) as {name}"
        for name, data_type in types.items()
    )


def _existing_ids(connection: duckdb.DuckDBPyConnection, folder: Path, id_column: str) -> str | None:
    files = sorted(str(path) for path in folder.glob("*.parquet"))
    if not files:
        return None
    listing = ", ".join("'" + name.replace("'", "''") + "'" for name in files)
    connection.execute(
        f"create or replace temp table existing_ids as select distinct {id_column} as id"
        f" from read_parquet([{listing}], union_by_name = true) where {id_column} is not null"
    )
    return "existing_ids"


def write_load(connection: duckdb.DuckDBPyConnection, raw: Path, relations: dict[str, str], name: str) -> list[Written]:
    """Write each relation to `<raw>/<table>/<name>.parquet` (nothing when it has no new rows)."""
    partials: list[tuple[Path, Path]] = []
    written = []
    try:
        for table, relation in relations.items():
            id_column = ROW_IDS[table]
            columns = [row[0] for row in connection.execute(f"describe {relation}").fetchall()]
            folder = raw / table
            existing = _existing_ids(connection, folder, id_column)
            fresh = f"{relation}"
            if existing:
                fresh = (
                    f"(select * from {relation} where {id_column} is null"
                    f" or {id_column} not in (select id from {existing}))"
                )
            connection.execute(
                f"create or replace temp table to_write as select\n    {contract_select(columns, table)}\nfrom {fresh}"
            )
            total = connection.execute(f"select count(*) from {relation}").fetchone()[0]
            rows = connection.execute("select count(*) from to_write").fetchone()[0]
            rejected: dict[str, int] = {}
            if table == "llm_requests":
                rejected = dict(
                    connection.execute(
                        "select regexp_replace(load_error, ' \\(.*$', ''), count(*) from to_write"
                        " where load_error is not null group by 1 order by 2 desc"
                    ).fetchall()
                )
            target = None
            if rows:
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / f"{name}.parquet"
                partial = folder / f"{name}.parquet.partial"
                connection.execute(
                    f"copy (select * from to_write order by started_at nulls last, {id_column})"
                    f" to '{partial}' (format parquet, row_group_size {ROW_GROUP_ROWS})"
                )
                partials.append((partial, target))
            written.append(Written(table, target, rows, total - rows, rejected))
    except BaseException:
        for partial, _ in partials:
            partial.unlink(missing_ok=True)
        raise
    for partial, target in partials:
        partial.replace(target)
    return written


def ledger_entries(fmt: str, files: list[tuple[Path, str]], written: list[Written]) -> list[dict]:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    outputs = [str(item.path) for item in written if item.path is not None]
    return [
        {"content_sha256": digest, "format": fmt, "source": str(path), "written": outputs, "loaded_at": now}
        for path, digest in files
    ]
