"""Where the GX checkpoints read their frames: the DuckDB default (raw Parquet files, the warehouse file) or
BigQuery, chosen by the same switch as the dbt profile (`AI_FINOPS_TARGET=bigquery`).

BigQuery settings (the profile's): AI_FINOPS_BQ_PROJECT, AI_FINOPS_BQ_DATASET (the marts), AI_FINOPS_RAW_SCHEMA
(the raw dataset, default `raw`); credentials as for the BigQuery client (application default or
GOOGLE_APPLICATION_CREDENTIALS). It needs google-cloud-bigquery, which dbt-bigquery installs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from aifinops import bigquery_client

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Tables whose exports also come as CSV (the sources YAML names them with `raw_csv_files`), read as dbt reads them.
CSV_TABLES = {"billing_focus"}
CSV_SUFFIXES = (".csv", ".csv.gz")


def _csv_reader(pattern: str) -> str:
    return (
        f"read_csv('{pattern}', header = true, all_varchar = true, nullstr = ['NULL', ''], null_padding = true,"
        " union_by_name = true)"
    )


@dataclass(frozen=True)
class DuckDBReader:
    raw: Path | None = None
    database: Path | None = None

    def where(self, table: str) -> str:
        suffixes = "{parquet,csv}" if table in CSV_TABLES else "parquet"
        return f"{self.raw / table if self.raw else table}/*.{suffixes}"

    def files(self, table: str) -> list[Path]:
        return sorted((self.raw / table).glob("*.parquet")) if self.raw is not None else []

    def read_kinds(self, table: str) -> str:
        """The files of a table the build reads, as a reader of the warning sees them."""
        return "*.parquet or *.csv[.gz]" if table in CSV_TABLES else "*.parquet"

    def csv_files(self, table: str) -> list[Path]:
        if self.raw is None or table not in CSV_TABLES:
            return []
        return sorted(path for path in (self.raw / table).glob("*.csv*") if path.name.endswith(CSV_SUFFIXES))

    def ignored_files(self, table: str) -> list[str]:
        """Files in the table's folder the build does not read (Parquet, and CSV for billing, are): named, so none
        vanishes."""
        folder = self.raw / table if self.raw is not None else None
        if folder is None or not folder.is_dir():
            return []
        read = set(self.files(table)) | set(self.csv_files(table))
        return sorted(str(path) for path in folder.iterdir() if path not in read and not path.name.startswith("."))

    def unreadable_files(self, table: str) -> list[str]:
        """The table's files the build cannot read, each with why: not Parquet, or a Parquet file without columns."""
        problems = []
        for path in self.files(table):
            try:
                columns = pq.ParquetFile(path).metadata.num_columns
            except Exception as error:  # noqa: BLE001 - any reason a file cannot be opened is reported as it is
                problems.append(f"{path}: not a readable Parquet file ({error})")
                continue
            if columns == 0:
                problems.append(f"{path}: a Parquet file without columns (write the contract's columns, or remove it)")
        return problems

    def has_raw(self, table: str) -> bool:
        """At least one row in the table's files (no folder, no file and zero-row files are absent)."""
        if sum(pq.ParquetFile(path).metadata.num_rows for path in self.files(table)) > 0:
            return True
        with duckdb.connect() as connection:
            return any(
                connection.execute(f"select count(*) from {_csv_reader(str(path))}").fetchone()[0] > 0
                for path in self.csv_files(table)
            )

    def raw_relation(self, table: str) -> str:
        parquet = f"read_parquet('{self.raw / table}/*.parquet', union_by_name = true)"
        if table not in CSV_TABLES:  # the raw contract's own Parquet files, of one layout
            return parquet
        with_rows = [path for path in self.files(table) if pq.ParquetFile(path).metadata.num_rows > 0]
        layouts = {tuple(sorted(self.columns(f"read_parquet('{path}')").items())) for path in with_rows}
        csv_files = self.csv_files(table)
        if not csv_files and len(layouts) <= 1:
            return parquet
        # CSV beside Parquet, or Parquet files of several layouts: every column is read as text (a nested one as
        # JSON), file by file, as the build reads them, so a column one writer nests (AWS Tags, a map) and another
        # writes as text does not clash.
        selects = []
        for path in with_rows:
            reader = f"read_parquet('{path}')"
            columns = []
            for name, kind in self.columns(reader).items():
                quoted = '"' + name.replace('"', '""') + '"'
                nested = "[" in kind or kind.upper().startswith(("MAP", "STRUCT", "UNION"))
                columns.append(f"cast({'to_json(' + quoted + ')' if nested else quoted} as varchar) as {quoted}")
            selects.append(f"select {', '.join(columns)} from {reader}")
        if csv_files:
            selects.append(f"select * from {_csv_reader(str(self.raw / table / '*.csv*'))}")
        return "(" + " union all by name ".join(selects) + ")"

    def columns(self, relation: str) -> dict[str, str]:
        with duckdb.connect() as connection:
            return {row[0]: row[1] for row in connection.execute(f"describe select * from {relation}").fetchall()}

    def raw_frame(self, relation: str) -> pd.DataFrame:
        with duckdb.connect() as connection:
            return connection.execute(f"select * from {relation}").df()

    def mart_frame(self, sql: str) -> pd.DataFrame:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.execute(_PLACEHOLDER.sub(r"\1", sql)).df()


@dataclass(frozen=True)
class BigQueryReader:  # run against the BigQuery emulator by `make test-bigquery`
    project: str
    mart_dataset: str
    raw_dataset: str

    def qualify(self, sql: str) -> str:
        return _PLACEHOLDER.sub(lambda match: f"`{self.project}.{self.mart_dataset}.{match.group(1)}`", sql)

    def _client(self):
        return bigquery_client.client(self.project)

    def where(self, table: str) -> str:
        return self.raw_relation(table)

    def unreadable_files(self, table: str) -> list[str]:
        return []  # a BigQuery table has a schema; the load job rejected what it could not read

    def read_kinds(self, table: str) -> str:
        return "tables"

    def ignored_files(self, table: str) -> list[str]:
        return []

    def has_raw(self, table: str) -> bool:
        if self._client().query(self._columns_sql(table)).to_dataframe().empty:
            return False
        rows = self._client().query(f"select count(*) as n from {self.raw_relation(table)}").to_dataframe()
        return int(rows["n"][0]) > 0

    def raw_relation(self, table: str) -> str:
        return f"`{self.project}.{self.raw_dataset}.{table}`"

    def _columns_sql(self, table: str) -> str:
        return (
            f"select column_name, data_type from `{self.project}.{self.raw_dataset}.INFORMATION_SCHEMA.COLUMNS` "
            f"where table_name = '{table}'"
        )

    def columns(self, relation: str) -> dict[str, str]:
        table = relation.strip("`").rsplit(".", 1)[1]
        rows = self._client().query(self._columns_sql(table)).to_dataframe()
        return dict(zip(rows["column_name"], rows["data_type"], strict=True))

    def raw_frame(self, relation: str) -> pd.DataFrame:
        return self._client().query(f"select * from {relation}").to_dataframe()

    def mart_frame(self, sql: str) -> pd.DataFrame:
        return self._client().query(self.qualify(sql)).to_dataframe()


def from_env(raw: Path | None, database: Path | None) -> DuckDBReader | BigQueryReader:
    if os.environ.get("AI_FINOPS_TARGET", "duckdb") == "bigquery":
        return BigQueryReader(
            project=os.environ.get("AI_FINOPS_BQ_PROJECT", ""),
            mart_dataset=os.environ.get("AI_FINOPS_BQ_DATASET", "ai_finops"),
            raw_dataset=os.environ.get("AI_FINOPS_RAW_SCHEMA", "raw"),
        )
    return DuckDBReader(raw=raw, database=database)
