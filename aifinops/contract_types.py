"""Declared column types as the dbt project renders them for one engine.

The YAML writes GoogleSQL names DuckDB also reads (string, int64, bool, date, timestamp) and, for the two types the
engines spell differently (64-bit float, instant), a Jinja expression on `target.type`. Python readers of the
YAML (the quality checks, the offline BigQuery stub) render it the same way.
"""

from __future__ import annotations

import jinja2


def render(data_type: str, target_type: str) -> str:
    """The data_type a dbt target of `target_type` (duckdb, bigquery) sees, lower case."""
    return jinja2.Template(data_type).render(target={"type": target_type}).strip().lower()
