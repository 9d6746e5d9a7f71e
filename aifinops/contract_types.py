"""Declared column types as the dbt project renders them for one engine.

The YAML writes GoogleSQL names DuckDB also reads (string, int64, bool, date, timestamp) and, for the two types the
engines spell differently (64-bit float, instant), a Jinja expression on `target.type`. Python readers of the
YAML (the quality checks, the offline BigQuery stub) render it the same way.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def render(data_type: str, target_type: str) -> str:
    """The data_type a dbt target of `target_type` (duckdb, bigquery) sees, lower case."""
    return jinja2.Template(data_type).render(target={"type": target_type}).strip().lower()


def contract(target_type: str) -> dict[str, dict[str, str]]:
    """Raw tables and their columns' data types for one engine, read from the dbt sources YAML (the raw contract)."""
    tables: dict[str, dict[str, str]] = {}
    for path in sorted((PROJECT_ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                tables[table["name"]] = {
                    column["name"]: render(column["data_type"], target_type) for column in table["columns"]
                }
    return tables
