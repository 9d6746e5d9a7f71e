"""What every loader shares: the error type, the DuckDB connection, the seeds it reads and the source files."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from aifinops.contract_types import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"
# The project's DuckDB memory limit (profiles.yml.example): a load stays inside it too.
MEMORY_LIMIT = "2GB"


class LoadError(ValueError):
    """A source that cannot be loaded: the message names the file and the line or record. Nothing is written."""


@dataclass
class Loaded:
    """What an adapter read: DuckDB relations per raw table, and the source records it did not turn into rows."""

    tables: dict[str, str]
    records_read: int
    # Records that are not calls (e.g. spans of other operations), by reason: counted, not written.
    not_calls: dict[str, int] = field(default_factory=dict)


def connect() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    connection.execute("set TimeZone = 'UTC'")
    return connection


def source_files(path: Path, suffixes: Iterable[str]) -> list[Path]:
    """The file, or the files of a folder (recursively) whose names end with one of `suffixes`, sorted."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise LoadError(f"{path}: no such file or folder")
    suffixes = tuple(suffixes)
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(suffixes))
    if not files:
        raise LoadError(f"{path}: no {' / '.join(suffixes)} files in this folder")
    return files


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def attribute_keys(mapping: Path | None = None) -> list[tuple[str, str, int]]:
    """(field, attribute key, rank) from seed telemetry_attribute_keys; a mapping file's keys come first.

    A mapping file is YAML of `field: [key, ...]` (or `field: key`), e.g. `team: [acme.team]`.
    """
    rows = []
    if mapping is not None:
        document = yaml.safe_load(mapping.read_text(encoding="utf-8")) or {}
        if not isinstance(document, dict):
            raise LoadError(f"{mapping}: expected a mapping of contract fields to attribute keys")
        for name, keys in document.items():
            for position, key in enumerate([keys] if isinstance(keys, str) else keys or []):
                rows.append((str(name), str(key), -1000 + position))
    with (SEEDS / "telemetry_attribute_keys.csv").open(encoding="utf-8") as handle:
        rows += [(row["field"], row["attribute_key"], int(row["rank"])) for row in csv.DictReader(handle)]
    return rows


def value_aliases() -> dict[str, dict[str, str]]:
    """Per field, alias (lower case) → the contract's code, from seed telemetry_value_aliases."""
    aliases: dict[str, dict[str, str]] = {}
    with (SEEDS / "telemetry_value_aliases.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            aliases.setdefault(row["field"], {})[row["alias"]] = row["value"]
    return aliases


def code(field_name: str, value: object, aliases: dict[str, dict[str, str]]) -> str | None:
    """A code as the contract spells it: trimmed, lower case, through the value aliases."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if not text:
        return None
    return aliases.get(field_name, {}).get(text, text)
