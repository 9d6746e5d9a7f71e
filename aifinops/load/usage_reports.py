"""The providers' admin usage reports into llm_requests, as aggregate rows (fidelity aggregate).

Followed (API references, late 2026):
- OpenAI `GET /v1/organization/usage/completions` (platform.openai.com/docs/api-reference/usage/completions; also
  `/usage/embeddings`): pages of buckets (`start_time`, `end_time` in Unix seconds) whose results carry
  `input_tokens` (cached included), `input_cached_tokens`, `output_tokens`, `num_model_requests`, and the
  group-by fields `model`, `project_id`, `user_id`, `api_key_id`, `batch`, `service_tier`.
- Anthropic `GET /v1/organizations/usage_report/messages` (docs.anthropic.com/en/api/usage-cost-api): buckets
  (`starting_at`, `ending_at`, RFC 3339) whose results carry the disjoint `uncached_input_tokens`,
  `cache_read_input_tokens`, `cache_creation.ephemeral_5m_input_tokens` / `ephemeral_1h_input_tokens` and
  `output_tokens`, and `model`, `api_key_id`, `workspace_id`, `service_tier`, `context_window`.

One row per bucket result: started_at the bucket's start, request_count the bucket's request count (OpenAI; the
Anthropic report gives none, so it is null, except that a `200k-1M` context window row is counted as one call so
it is priced at the long-context tier its calls were). The request id is a hash of the bucket and its group-by
values, so loading an overlapping report again skips what it holds. Group the report by model: a row without one
is quarantined as missing_model. Staging prices the rows like calls, and quarantines a row whose provider, day,
key and project per-request telemetry covers (aggregate_covered_by_requests): never counted twice.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from aifinops.cost_reports import ReportError, read_pages
from aifinops.load.common import Loaded, LoadError, code, value_aliases
from aifinops.load.records import Values, arrow_table

SUFFIXES = (".json", ".jsonl")


def _row_id(provider: str, start: object, end: object, result: dict, keys: tuple[str, ...]) -> str:
    scope = [provider, str(start), str(end)] + [str(result.get(key)) for key in keys]
    return f"{provider}-usage-" + hashlib.sha256(json.dumps(scope).encode()).hexdigest()[:24]


def _openai(where: str, start: object, end: object, result: dict, aliases: dict, environment: str) -> dict:
    values = Values(where)
    kind = str(result.get("object") or "")
    tier = code("route", result.get("service_tier"), aliases)
    keys = ("object", "model", "project_id", "user_id", "api_key_id", "batch", "service_tier")
    return {
        "request_id": _row_id("openai", start, end, result, keys),
        "started_at": values.instant("start_time", start),
        "provider": "openai",
        "operation": "embeddings" if "embeddings" in kind else "chat",
        "request_model": values.text(result.get("model")),
        "input_tokens": values.integer("input_tokens", result.get("input_tokens")),
        "cache_read_input_tokens": values.integer("input_cached_tokens", result.get("input_cached_tokens")),
        "output_tokens": values.integer("output_tokens", result.get("output_tokens")) or 0,
        "usage_source": "openai_api",
        "status": "ok",
        "api_key_id": values.text(result.get("api_key_id")),
        "project": values.text(result.get("project_id")),
        "user_id": values.text(result.get("user_id")),
        "environment": environment,
        "route": "batch" if values.boolean("batch", result.get("batch")) else tier,
        "request_count": values.integer("num_model_requests", result.get("num_model_requests")),
        "fidelity": "aggregate",
        "attributes": json.dumps({"openai.bucket_end": end, "openai.result": kind}),
        "load_error": values.load_error(),
    }


def _anthropic(where: str, start: object, end: object, result: dict, aliases: dict, environment: str) -> dict:
    values = Values(where)
    cache = result.get("cache_creation") if isinstance(result.get("cache_creation"), dict) else {}
    write_5m = values.integer("cache_creation.ephemeral_5m_input_tokens", cache.get("ephemeral_5m_input_tokens"))
    write_1h = values.integer("cache_creation.ephemeral_1h_input_tokens", cache.get("ephemeral_1h_input_tokens"))
    keys = ("model", "api_key_id", "workspace_id", "service_tier", "context_window", "inference_geo", "speed")
    window = str(result.get("context_window") or "")
    return {
        "request_id": _row_id("anthropic", start, end, result, keys),
        "started_at": values.instant("starting_at", start),
        "provider": "anthropic",
        "operation": "chat",
        "request_model": values.text(result.get("model")),
        "input_tokens": values.integer("uncached_input_tokens", result.get("uncached_input_tokens")),
        "cache_read_input_tokens": values.integer("cache_read_input_tokens", result.get("cache_read_input_tokens")),
        "cache_creation_input_tokens": (write_5m or 0) + (write_1h or 0),
        "cache_creation_1h_input_tokens": write_1h or 0,
        "output_tokens": values.integer("output_tokens", result.get("output_tokens")),
        "usage_source": "anthropic_api",
        "status": "ok",
        "api_key_id": values.text(result.get("api_key_id")),
        "project": values.text(result.get("workspace_id")),
        "environment": environment,
        "route": code("route", result.get("service_tier"), aliases),
        "request_count": 1 if window.startswith("200k") else None,
        "fidelity": "aggregate",
        "attributes": json.dumps({"anthropic.bucket_end": end, "anthropic.context_window": window or None}),
        "load_error": values.load_error(),
    }


def load(connection: duckdb.DuckDBPyConnection, files: list[Path], provider: str, environment: str) -> Loaded:
    aliases = value_aliases()
    start_key, end_key = ("start_time", "end_time") if provider == "openai" else ("starting_at", "ending_at")
    make = _openai if provider == "openai" else _anthropic
    rows = []
    for path in files:
        try:
            pages = read_pages(path)
        except ReportError as error:
            raise LoadError(str(error)) from None
        for page_number, page in enumerate(pages, start=1):
            for bucket_number, bucket in enumerate(page["data"], start=1):
                where = f"{path}: page {page_number}, bucket {bucket_number}"
                if not isinstance(bucket, dict) or not isinstance(bucket.get("results", []), list):
                    raise LoadError(f"{where}: not a bucket object with a results list")
                for number, result in enumerate(bucket.get("results") or [], start=1):
                    if not isinstance(result, dict):
                        raise LoadError(f"{where}, result {number}: not an object")
                    row = make(f"{where}, result {number}", bucket.get(start_key), bucket.get(end_key), result,
                               aliases, environment)  # fmt: skip
                    rows.append(row)
    connection.register(f"{provider}_usage", arrow_table(rows, "llm_requests"))
    return Loaded({"llm_requests": f"{provider}_usage"}, len(rows))
