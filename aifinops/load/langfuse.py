"""Langfuse blob-storage exports of observations into llm_requests.

Followed: Langfuse's blob storage export fields (langfuse-docs, content/docs/api-and-data-platform/features/
blob-storage-export-fields.mdx, 2026): the `observations_v2/` (or legacy `observations/`) files, as Parquet, CSV,
JSON or JSON lines, gzipped or not. Fields read: id, trace_id, project_id, environment, type, start_time, end_time,
name, metadata, level, status_message, provided_model_name, model_parameters, usage_details, cost_details,
total_cost, user_id, session_id, trace_name, tags, prompt_name.

- Observations of type GENERATION or EMBEDDING are calls; the others (SPAN, EVENT, AGENT, TOOL, ...) are counted
  as not calls.
- usage_details keys are disjoint buckets, as Langfuse prices them (usage_source langfuse): `input*` keys are
  uncached input, `*cache_read*` / `input_cached_tokens` cache reads, `*cache_creation*` / `*cache_write*` cache
  writes, `output*` output and `*reasoning*` reasoning; staging adds them up in the contract's meaning.
- total_cost (Langfuse's own price) becomes gateway_cost_usd. level ERROR is an error (status_message its type).
- Team, project, workflow, task type, ...: metadata keys named like the contract fields, else `key:value` tags.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from aifinops.load.common import Loaded, code, value_aliases
from aifinops.load.records import Values, arrow_table, read_records, tag_fields, tags

SUFFIXES = (".parquet", ".csv", ".csv.gz", ".jsonl", ".jsonl.gz", ".json", ".json.gz")
CALL_TYPES = {"GENERATION": "chat", "EMBEDDING": "embeddings"}
TEXT_FIELDS = (
    "team", "project", "workflow", "workflow_run_id", "task_type", "environment", "application", "customer_id",
    "data_class", "route", "api_key_id", "provider",
)  # fmt: skip
COUNT_FIELDS = ("retry_attempt", "tool_calls", "retrieval_calls", "agent_step")


def _bucket(key: str) -> str | None:
    key = key.lower()
    if key == "total":
        return None
    if "cache_read" in key or key in ("input_cached_tokens", "cached_tokens"):
        return "cache_read_input_tokens"
    if "cache_creation" in key or "cache_write" in key:
        return "cache_creation_input_tokens"
    if "reasoning" in key:
        return "reasoning_output_tokens"
    if key.startswith(("input", "prompt")):
        return "input_tokens"
    if key.startswith(("output", "completion")):
        return "output_tokens"
    return None


def request_row(where: str, record: dict, aliases: dict, default_environment: str) -> dict:
    values = Values(where)
    metadata = values.json_object("metadata", record.get("metadata"))
    usage = values.json_object("usage_details", record.get("usage_details") or record.get("usage"))
    tagged = tag_fields(tags(record.get("tags")), TEXT_FIELDS)
    fields = {name: metadata.get(name) or tagged.get(name) for name in TEXT_FIELDS + COUNT_FIELDS}
    tokens: dict[str, int | None] = {}
    for key, amount in usage.items():
        bucket = _bucket(str(key))
        number = values.integer(f"usage_details.{key}", amount)
        if bucket and number is not None:
            tokens[bucket] = (tokens.get(bucket) or 0) + number
    started = values.instant("start_time", record.get("start_time"))
    ended = values.instant("end_time", record.get("end_time"))
    is_error = str(record.get("level") or "").upper() == "ERROR"
    if is_error and tokens.get("input_tokens") is None and tokens.get("output_tokens") is None:
        tokens |= {"input_tokens": 0, "output_tokens": 0}  # a failed call that reports no usage used none
    if record.get("type") == "EMBEDDING" and tokens.get("output_tokens") is None:
        tokens["output_tokens"] = 0
    row = {
        "request_id": values.text(record.get("id")),
        "trace_id": values.text(record.get("trace_id")),
        "workflow_run_id": values.text(fields["workflow_run_id"]),
        "started_at": started,
        "duration_ms": round((ended - started).total_seconds() * 1000) if started and ended else None,
        "provider": values.text(fields["provider"]),
        "operation": CALL_TYPES[str(record.get("type")).upper()],
        "request_model": values.text(record.get("provided_model_name") or record.get("model")),
        "input_tokens": tokens.get("input_tokens"),
        "cache_read_input_tokens": tokens.get("cache_read_input_tokens"),
        "cache_creation_input_tokens": tokens.get("cache_creation_input_tokens"),
        "output_tokens": tokens.get("output_tokens"),
        "reasoning_output_tokens": tokens.get("reasoning_output_tokens"),
        "usage_source": "langfuse",
        "status": "error" if is_error else "ok",
        "error_type": (values.text(record.get("status_message")) or "_OTHER") if is_error else None,
        "api_key_id": values.text(fields["api_key_id"]),
        "application": values.text(fields["application"] or record.get("trace_name")),
        "environment": code("environment", fields["environment"] or record.get("environment"), aliases)
        or default_environment,
        "team": values.text(fields["team"]),
        "project": values.text(fields["project"]),
        "workflow": values.text(fields["workflow"]),
        "task_type": values.text(fields["task_type"]),
        "customer_id": values.text(fields["customer_id"]),
        "user_id": values.text(record.get("user_id")),
        "data_class": code("data_class", fields["data_class"], aliases),
        "route": code("route", fields["route"], aliases),
        "is_fallback": values.boolean("is_fallback", metadata.get("is_fallback")),
        "gateway_cost_usd": values.number("total_cost", record.get("total_cost")),
    }
    for name in COUNT_FIELDS:
        row[name] = values.integer(name, fields[name])
    attributes = {
        "langfuse.project_id": record.get("project_id"),
        "langfuse.name": record.get("name"),
        "langfuse.session_id": record.get("session_id"),
        "langfuse.prompt_name": record.get("prompt_name"),
    }
    row["attributes"] = values.text({key: value for key, value in attributes.items() if value is not None})
    row["load_error"] = values.load_error()
    return row


def load(connection: duckdb.DuckDBPyConnection, files: list[Path], default_environment: str) -> Loaded:
    aliases = value_aliases()
    rows, read, others = [], 0, {}
    for path in files:
        for where, record in read_records(path):
            read += 1
            kind = str(record.get("type") or "").upper()
            if kind not in CALL_TYPES:
                label = f"observations of type {kind or 'none'}"
                others[label] = others.get(label, 0) + 1
                continue
            rows.append(request_row(where, record, aliases, default_environment))
    connection.register("langfuse_requests", arrow_table(rows, "llm_requests"))
    return Loaded({"llm_requests": "langfuse_requests"}, read, others)
