"""Print a short summary of a built warehouse: what was kept, what was quarantined and why, and which optional raw
inputs were absent (no folder, no file or no row: their marts are empty)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

# Where each raw table's kept rows are counted: the request facts for the calls (one row per kept call; the
# staging view would check every raw call again), the staging models for the rest.
TABLES = {
    "llm_requests": "fct_llm_requests",
    "workflow_runs": "stg_telemetry__workflow_runs",
    "billing_focus": "stg_focus__billing_focus",
    "governance_events": "stg_governance__governance_events",
    "ai_subscriptions": "stg_saas__ai_subscriptions",
}


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
    absent = []
    with duckdb.connect(str(args.database), read_only=True) as connection:
        print(f"{'raw table':<20}{'kept':>12}{'quarantined':>14}  reasons")
        for table, model in TABLES.items():
            kept = connection.execute(f"select count(*) from {model}").fetchone()[0]
            reasons = connection.execute(
                f"select rejection_reason, count(*) from quarantine_{table} group by 1 order by 2 desc"
            ).fetchall()
            quarantined = sum(count for _, count in reasons)
            # Every raw row is kept or quarantined (tests/assert_every_raw_row_is_accounted_for.sql): none of
            # either means the raw table had no row.
            if kept + quarantined == 0:
                absent.append(table)
                print(f"{table:<20}{'absent':>12}{'':>14}  no raw rows: its marts are empty")
                continue
            detail = ", ".join(f"{reason} {count}" for reason, count in reasons) or "-"
            print(f"{table:<20}{kept:>12,}{quarantined:>14,}  {detail}")
    if absent:
        print(f"absent inputs: {', '.join(absent)} (optional; load them to fill their marts)")
    print("PASS: warehouse built")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
