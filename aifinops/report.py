"""Print a short summary of a built warehouse: what was kept, what was quarantined and why, and which optional raw
inputs were absent (no folder, no file or no row: their marts are empty)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m aifinops.report", description="Summarise the DuckDB warehouse after `dbt build`."
    )
    default = os.environ.get("AI_FINOPS_DUCKDB_PATH", "ai_finops.duckdb")
    parser.add_argument("--database", type=Path, default=Path(default))
    args = parser.parse_args(argv)
    if not args.database.exists():
        print(f"{args.database} does not exist: run `make build` first", file=sys.stderr)
        return 1
    with duckdb.connect(str(args.database), read_only=True) as connection:
        inputs = connection.execute(
            "select raw_table, kept_rows, quarantined_rows, is_absent from raw_input_summary order by contract_order"
        ).fetchall()
        print(f"{'raw table':<20}{'kept':>12}{'quarantined':>14}  reasons")
        for table, kept, quarantined, is_absent in inputs:
            if is_absent:
                print(f"{table:<20}{'absent':>12}{'':>14}  no raw rows: its marts are empty")
                continue
            reasons = connection.execute(
                f"select rejection_reason, count(*) from quarantine_{table} group by 1 order by 2 desc, 1"
            ).fetchall()
            detail = ", ".join(f"{reason} {count}" for reason, count in reasons) or "-"
            print(f"{table:<20}{kept:>12,}{quarantined:>14,}  {detail}")
    absent = [table for table, _, _, is_absent in inputs if is_absent]
    if absent:
        print(f"absent inputs: {', '.join(absent)} (optional; load them to fill their marts)")
    print("PASS: warehouse built")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
