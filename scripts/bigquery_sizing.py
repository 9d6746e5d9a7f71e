"""BigQuery sizing from a built DuckDB warehouse: logical bytes per row of the large tables, as BigQuery counts
them (STRING 2 + UTF-8 bytes, INT64 / FLOAT64 / DATE / TIMESTAMP 8, BOOL 1, NULL 0), and what a build scans
at a given number of requests a month. `python scripts/bigquery_sizing.py WAREHOUSE.duckdb RAW_FOLDER`.
The estimates behind docs/bigquery.md.
"""

from __future__ import annotations

import sys

import duckdb

FIXED = {"BIGINT": 8, "INTEGER": 8, "DOUBLE": 8, "FLOAT": 8, "DATE": 8, "BOOLEAN": 1, "DECIMAL": 16}


def column_bytes(connection: duckdb.DuckDBPyConnection, relation: str) -> tuple[int, dict[str, float]]:
    """Rows of the relation and the mean logical bytes per row of each column."""
    columns = connection.execute(f"select column_name, column_type from (describe select * from {relation})").fetchall()
    parts = []
    for name, kind in columns:
        if kind == "VARCHAR":
            parts.append(f'avg(case when "{name}" is null then 0 else 2 + strlen("{name}") end)')
        elif kind.startswith("TIMESTAMP"):
            parts.append(f'avg(case when "{name}" is null then 0 else 8 end)')
        else:
            size = next((v for k, v in FIXED.items() if kind.startswith(k)), 8)
            parts.append(f'avg(case when "{name}" is null then 0 else {size} end)')
    values = connection.execute(f"select count(*), {', '.join(parts)} from {relation}").fetchone() or ()
    return int(values[0]), {name: float(v or 0) for (name, _), v in zip(columns, values[1:], strict=True)}


def main(argv: list[str]) -> int:
    warehouse, raw = argv
    connection = duckdb.connect(warehouse, read_only=True)
    tables = {
        "raw.llm_requests": f"read_parquet('{raw}/llm_requests/*.parquet', union_by_name = true)",
        "raw.workflow_runs": f"read_parquet('{raw}/workflow_runs/*.parquet', union_by_name = true)",
        "base_telemetry__llm_requests_checked": "base_telemetry__llm_requests_checked",
        "fct_llm_requests": "fct_llm_requests",
        "fct_workflow_runs": "fct_workflow_runs",
        "fct_daily_spend": "fct_daily_spend",
    }
    print(f"{'table':<30} {'rows':>12} {'bytes/row':>10} {'GB':>8}")
    for label, relation in tables.items():
        rows, per_column = column_bytes(connection, relation)
        per_row = sum(per_column.values())
        print(f"{label:<30} {rows:>12,} {per_row:>10.0f} {rows * per_row / 1e9:>8.2f}")
        if label == "fct_llm_requests":
            widest = sorted(per_column.items(), key=lambda item: -item[1])[:8]
            print("    widest columns: " + ", ".join(f"{name} {size:.0f}" for name, size in widest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
