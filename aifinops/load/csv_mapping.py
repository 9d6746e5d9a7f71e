"""Any CSV request log into llm_requests, through a small YAML mapping of its columns onto the contract.

    # calls_mapping.yml
    columns:                 # contract field: the CSV's column
      request_id: call_id
      started_at: timestamp  # Unix seconds, ISO 8601 or YYYY-MM-DD HH:MM:SS (UTC unless it says otherwise)
      provider: vendor
      request_model: model
      input_tokens: prompt_tokens
      output_tokens: completion_tokens
      team: team
    constants:               # contract field: one value for every row
      environment: production
      usage_source: openai_api   # the token convention (seeds/token_conventions.csv); default: the contract's

Fields are the columns of models/staging/telemetry/_telemetry__sources.yml (llm_requests). A mapping that names
a field the contract lacks, or a column the file lacks, stops the load naming it. A value that does not convert
keeps the row with a load_error (quarantined as unmappable_record).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from aifinops import contract_types
from aifinops.load.common import Loaded, LoadError, code, value_aliases
from aifinops.load.records import Values, arrow_table, read_records

SUFFIXES = (".csv", ".csv.gz")
CODES = ("operation", "environment", "status", "route", "data_class", "fidelity")


def read_mapping(path: Path | None) -> tuple[dict[str, str], dict[str, object]]:
    if path is None:
        raise LoadError("--format csv needs --mapping FILE.yml (the column of each contract field)")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise LoadError(f"{path}: not YAML ({error})") from None
    columns = document.get("columns") or {}
    constants = document.get("constants") or {}
    if not isinstance(columns, dict) or not isinstance(constants, dict):
        raise LoadError(f"{path}: `columns` and `constants` must be mappings of contract fields")
    known = contract_types.contract("duckdb")["llm_requests"]
    for name in list(columns) + list(constants):
        if name not in known:
            raise LoadError(f"{path}: {name!r} is not a field of the llm_requests contract")
    return {str(k): str(v) for k, v in columns.items()}, dict(constants)


def load(connection: duckdb.DuckDBPyConnection, files: list[Path], mapping: Path | None) -> Loaded:
    columns, constants = read_mapping(mapping)
    types = contract_types.contract("duckdb")["llm_requests"]
    aliases = value_aliases()
    rows = []
    for path in files:
        for number, (where, record) in enumerate(read_records(path), start=1):
            if number == 1:
                missing = sorted(set(columns.values()) - set(record))
                if missing:
                    raise LoadError(f"{path}: no column {', '.join(missing)} (named in {mapping})")
            values = Values(where)
            row: dict[str, object] = {}
            for name, raw in [(n, record.get(c)) for n, c in columns.items()] + list(constants.items()):
                kind = types[name]
                if kind in ("int64", "integer"):
                    row[name] = values.integer(name, raw)
                elif kind == "double":
                    row[name] = values.number(name, raw)
                elif kind == "bool":
                    row[name] = values.boolean(name, raw)
                elif kind.startswith("timestamp"):
                    row[name] = values.instant(name, raw)
                elif name in CODES:
                    row[name] = code(name, raw, aliases)
                else:
                    row[name] = values.text(raw)
            row["load_error"] = values.load_error()
            rows.append(row)
    connection.register("csv_requests", arrow_table(rows, "llm_requests"))
    return Loaded({"llm_requests": "csv_requests"}, len(rows))
