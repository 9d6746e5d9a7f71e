"""Reading source records (JSON lines, JSON documents, CSV, Parquet) and converting their values with the errors
kept per record, for the loaders written in Python (LiteLLM, Langfuse, usage reports, CSV)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from aifinops import contract_types
from aifinops.load.common import LoadError

ARROW_TYPES = {
    "string": pa.string(),
    "int64": pa.int64(),
    "integer": pa.int32(),
    "bool": pa.bool_(),
    "double": pa.float64(),
    "timestamp with time zone": pa.timestamp("us", tz="UTC"),
}


def _text(path: Path) -> str:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise LoadError(f"{path}: not a readable gzip file ({error})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LoadError(f"{path}: not UTF-8 text (byte {error.start})") from None


def read_records(path: Path, list_keys: tuple[str, ...] = ("data",)) -> Iterator[tuple[str, dict]]:
    """(where, record) of a file: CSV rows, JSON lines, or a JSON document (an array of records, or an object
    whose `list_keys` entry holds them). A line or document that is not JSON stops the load, naming the line."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".parquet"):
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowInvalid) as error:
            raise LoadError(f"{path}: not a readable Parquet file ({error})") from None
        for number, row in enumerate(table.to_pylist(), start=1):
            yield f"{path}: row {number}", row
        return
    text = _text(path)
    if name.endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text, newline=""))
        for row in reader:
            if None in row:
                raise LoadError(f"{path}: line {reader.line_num}: more fields than the header has")
            yield f"{path}: line {reader.line_num}", {key: (value or None) for key, value in row.items()}
        return
    stripped = text.lstrip()
    if name.endswith(".json") and stripped[:1] in ("[", "{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            if stripped[:1] == "[" or "\n{" not in text.strip():
                raise LoadError(f"{path}: line {error.lineno}: not JSON ({error.msg})") from None
        else:
            records = document
            if isinstance(document, dict):
                records = next((document[key] for key in list_keys if isinstance(document.get(key), list)), [document])
            if not isinstance(records, list):
                raise LoadError(f"{path}: expected an array of records")
            for number, record in enumerate(records, start=1):
                if not isinstance(record, dict):
                    raise LoadError(f"{path}: record {number}: not a JSON object")
                yield f"{path}: record {number}", record
            return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise LoadError(f"{path}: line {number}: not JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(record, dict):
            raise LoadError(f"{path}: line {number}: not a JSON object")
        yield f"{path}: line {number}", record


class Values:
    """Converts one record's values, keeping what does not convert (its load_error)."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.errors: list[str] = []

    def integer(self, name: str, value: object) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.errors.append(f"{name} {value!r} is not an integer")
            return None
        if isinstance(value, int):
            return value
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.errors.append(f"{name} {value!r} is not an integer")
            return None
        if not math.isfinite(number) or number != int(number):
            self.errors.append(f"{name} {value!r} is not an integer")
            return None
        return int(number)

    def number(self, name: str, value: object) -> float | None:
        if value is None or value == "":
            return None
        try:
            if isinstance(value, bool):
                raise ValueError
            number = float(value)
        except (TypeError, ValueError):
            self.errors.append(f"{name} {value!r} is not a number")
            return None
        if not math.isfinite(number):
            self.errors.append(f"{name} {value!r} is not a finite number")
            return None
        return number

    def boolean(self, name: str, value: object) -> bool | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "t", "1", "yes"):
            return True
        if text in ("false", "f", "0", "no"):
            return False
        self.errors.append(f"{name} {value!r} is not true or false")
        return None

    def instant(self, name: str, value: object) -> datetime | None:
        """Unix seconds, or an ISO 8601 / `YYYY-MM-DD HH:MM:SS[.ffffff]` text (UTC unless it says otherwise)."""
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                return datetime.fromtimestamp(value, tz=UTC)
            except (OverflowError, OSError, ValueError):
                self.errors.append(f"{name} {value!r} is not a time")
                return None
        text = str(value).strip()
        try:
            return datetime.fromtimestamp(float(text), tz=UTC)
        except ValueError:
            pass
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.errors.append(f"{name} {value!r} is not a time")
            return None
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)

    def text(self, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, dict | list):
            return json.dumps(value, sort_keys=True)
        text = str(value)
        return text if text.strip() else None

    def json_object(self, name: str, value: object) -> dict:
        """A JSON object given as an object or as JSON text ({} when absent)."""
        if value is None or value == "":
            return {}
        if isinstance(value, dict):
            return value
        if isinstance(value, list) and all(isinstance(item, tuple) and len(item) == 2 for item in value):
            return dict(value)  # a Parquet MAP
        try:
            parsed = json.loads(value) if isinstance(value, str) else None
        except json.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, dict):
            self.errors.append(f"{name} is not a JSON object")
            return {}
        return parsed

    def load_error(self) -> str | None:
        return f"{'; '.join(self.errors)} ({self.where})" if self.errors else None


def tags(value: object) -> list[str]:
    """Tags as a list of text: a JSON array, a JSON array as text, or comma-separated text."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    try:
        parsed = json.loads(str(value))
    except json.JSONDecodeError:
        parsed = [part.strip() for part in str(value).split(",")]
    return [str(item) for item in parsed] if isinstance(parsed, list) else [str(parsed)]


def tag_fields(values: list[str], fields: tuple[str, ...]) -> dict[str, str]:
    """`key:value` (or `key=value`) tags whose key is a contract field (team:search → team = search)."""
    found: dict[str, str] = {}
    for item in values:
        for separator in (":", "="):
            key, sep, value = item.partition(separator)
            if sep and key.strip().lower() in fields and value.strip():
                found.setdefault(key.strip().lower(), value.strip())
                break
    return found


def arrow_table(rows: list[dict], table: str) -> pa.Table:
    """The rows as an Arrow table of the raw table's contract columns (those the rows name)."""
    types = contract_types.contract("duckdb")[table]
    names = [name for name in types if any(name in row for row in rows)] or ["request_id"]
    schema = pa.schema([(name, ARROW_TYPES[types[name]]) for name in names])
    return pa.Table.from_pylist([{name: row.get(name) for name in names} for row in rows], schema=schema)
