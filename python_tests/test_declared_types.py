"""Every column type the project declares is a GoogleSQL type on the BigQuery target and a DuckDB type on DuckDB.

A BigQuery emulator translates to DuckDB and accepts DuckDB's names, so it cannot catch a contract declared as
`varchar` or `double`; this test can. The manifest is parsed for each target (`dbt parse` renders the YAML's
Jinja with `target.type`), then every declared type is checked: contract and source column `data_type`s and seed
`column_types`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import DBT, PROJECT_ROOT

# GoogleSQL's data types and the aliases its reference documents (cloud.google.com/bigquery/docs/reference/
# standard-sql/data-types), without parameters: dbt casts null to each contract type, and BigQuery refuses a
# parameterized type in a CAST.
GOOGLESQL_TYPES = {
    "array", "bignumeric", "bigdecimal", "bool", "bytes", "date", "datetime", "float64", "geography", "interval",
    "json", "int64", "int", "smallint", "integer", "bigint", "tinyint", "byteint", "numeric", "decimal", "range",
    "string", "struct", "time", "timestamp",
}  # fmt: skip
BIGQUERY_PROFILE = """ai_finops:
  target: bigquery
  outputs:
    bigquery: {type: bigquery, method: oauth-secrets, token: offline, project: p, dataset: d, location: US}
"""


def not_googlesql(types: dict[str, str]) -> dict[str, str]:
    return {where: kind for where, kind in types.items() if kind.strip().lower() not in GOOGLESQL_TYPES}


def declared_types(target: str, work: Path) -> dict[str, str]:
    """Every declared type of the manifest parsed for `target`: {where: type}."""
    env = dict(os.environ, AI_FINOPS_TARGET=target)
    profiles = PROJECT_ROOT
    if target == "bigquery":
        (work / "profiles.yml").write_text(BIGQUERY_PROFILE)
        profiles = work
    command = [DBT, "parse", "--profiles-dir", str(profiles), "--target-path", str(work / "target")]
    command += ["--log-path", str(work / "logs"), "--no-partial-parse"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    manifest = json.loads((work / "target" / "manifest.json").read_text())
    types = {}
    for kind in ("nodes", "sources"):
        for node in manifest[kind].values():
            for column in node.get("columns", {}).values():
                if column.get("data_type"):
                    types[f"{node['unique_id']}.{column['name']}"] = column["data_type"]
            for name, data_type in (node.get("config", {}).get("column_types") or {}).items():
                types[f"{node['unique_id']}.{name} (seed column_types)"] = data_type
    return types


@pytest.fixture(scope="module")
def bigquery_types(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return declared_types("bigquery", tmp_path_factory.mktemp("parse_bigquery"))


@pytest.fixture(scope="module")
def duckdb_types(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return declared_types("duckdb", tmp_path_factory.mktemp("parse_duckdb"))


def test_every_declared_type_is_googlesql_on_bigquery(bigquery_types: dict[str, str]) -> None:
    assert len(bigquery_types) > 700  # contracts, staging docs, sources and seeds
    assert not_googlesql(bigquery_types) == {}


def test_every_declared_type_is_a_duckdb_type_with_64_bit_floats(duckdb_types: dict[str, str]) -> None:
    connection = duckdb.connect()
    resolved = {}
    for kind in sorted(set(duckdb_types.values())):
        resolved[kind] = connection.execute(f"select typeof(cast(null as {kind}))").fetchone()[0]
    assert set(resolved.values()) <= {
        "VARCHAR",
        "BIGINT",
        "INTEGER",
        "DOUBLE",
        "BOOLEAN",
        "DATE",
        "TIMESTAMP",
        "TIMESTAMP WITH TIME ZONE",
    }
    assert resolved["double"] == "DOUBLE" and "float" not in resolved


def test_the_two_targets_declare_the_same_columns(bigquery_types: dict[str, str], duckdb_types: dict[str, str]) -> None:
    assert bigquery_types.keys() == duckdb_types.keys()
    spelt_apart = {(duckdb_types[where], kind) for where, kind in bigquery_types.items() if duckdb_types[where] != kind}
    assert spelt_apart == {("double", "float64"), ("timestamp with time zone", "timestamp")}


def test_the_type_check_can_fail() -> None:
    found = not_googlesql({"a": "varchar", "b": "double", "c": "decimal(3,2)", "d": "String", "e": "INT64"})
    assert found == {"a": "varchar", "b": "double", "c": "decimal(3,2)"}
