"""Load real telemetry into the raw contract's Parquet files, then `make build` (or `dbt build`) on them.

    python -m aifinops.load --format otel --path traces.jsonl [--raw data/raw]
    python -m aifinops.load --format litellm --path spend_logs.csv
    python -m aifinops.load --format langfuse --path observations_v2/
    python -m aifinops.load --format openai-usage --path usage_completions.json
    python -m aifinops.load --format anthropic-usage --path usage_report_messages.json
    python -m aifinops.load --format csv --path calls.csv --mapping calls_mapping.yml

A path is a file or a folder (its files of the format, recursively). Each load writes one Parquet file per raw
table (`<raw>/llm_requests/load-<format>-<hash>.parquet`, and workflow_runs where the source has runs) and prints
the records read, the rows loaded, those skipped as already loaded and those rejected with their reasons.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from aifinops.load import csv_mapping, langfuse, litellm, otel, usage_reports
from aifinops.load.common import Loaded, LoadError, connect, content_hash, source_files
from aifinops.load.writer import ledger_entries, loaded_hashes, record_loads, write_load

Adapter = Callable[[duckdb.DuckDBPyConnection, list[Path], argparse.Namespace], Loaded]
ADAPTERS: dict[str, tuple[tuple[str, ...], Adapter]] = {
    "otel": (otel.SUFFIXES, lambda con, files, args: otel.load(con, files, args.mapping, args.environment)),
    "litellm": (litellm.SUFFIXES, lambda con, files, args: litellm.load(con, files, args.environment)),
    "langfuse": (langfuse.SUFFIXES, lambda con, files, args: langfuse.load(con, files, args.environment)),
    "openai-usage": (
        usage_reports.SUFFIXES,
        lambda con, files, args: usage_reports.load(con, files, "openai", args.environment),
    ),
    "anthropic-usage": (
        usage_reports.SUFFIXES,
        lambda con, files, args: usage_reports.load(con, files, "anthropic", args.environment),
    ),
    "csv": (csv_mapping.SUFFIXES, lambda con, files, args: csv_mapping.load(con, files, args.mapping)),
}


def run(fmt: str, path: Path, raw: Path, args: argparse.Namespace) -> list[str]:
    """Load one source; the lines of its report."""
    suffixes, adapter = ADAPTERS[fmt]
    files = source_files(path, suffixes)
    hashes = [(file, content_hash(file)) for file in files]
    seen = loaded_hashes(raw)
    new = [(file, digest) for file, digest in hashes if digest not in seen]
    report = []
    if len(new) < len(hashes):
        report.append(f"skipped {len(hashes) - len(new)} of {len(hashes)} files: already loaded (same content)")
    if not new:
        report.append("nothing new to load")
        return report
    connection = connect()
    loaded = adapter(connection, [file for file, _ in new], args)
    name = "load-" + fmt + "-" + hashlib.sha256("".join(d for _, d in new).encode()).hexdigest()[:16]
    written = write_load(connection, raw, loaded.tables, name)
    record_loads(raw, ledger_entries(fmt, new, written))
    report.append(f"read {loaded.records_read} records from {len(new)} file(s) ({fmt})")
    for reason, count in sorted(loaded.not_calls.items()):
        report.append(f"  not calls: {count} {reason}")
    for item in written:
        where = f" into {item.path}" if item.path else ""
        report.append(f"{item.table}: loaded {item.rows} rows{where}")
        if item.already_loaded:
            report.append(f"  skipped {item.already_loaded} already loaded (their id is in {raw / item.table})")
        for reason, count in item.rejected.items():
            report.append(f"  rejected {count} (quarantined as unmappable_record): {reason}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aifinops.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", required=True, choices=sorted(ADAPTERS))
    parser.add_argument("--path", required=True, type=Path, help="a source file or a folder of them")
    parser.add_argument("--raw", type=Path, default=Path("data/raw"), help="the raw folder (default data/raw)")
    parser.add_argument(
        "--mapping",
        type=Path,
        help="YAML: for csv the column of each contract field (required); for otel extra attribute keys per field",
    )
    parser.add_argument(
        "--environment",
        default="production",
        help="environment of calls whose source names none (default production)",
    )
    args = parser.parse_args(argv)
    try:
        for line in run(args.format, args.path, args.raw, args):
            print(line)
    except (LoadError, OSError, duckdb.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
