"""LiteLLM proxy spend logs into llm_requests.

Followed: the `LiteLLM_SpendLogs` table of the proxy's schema.prisma (BerriAI/litellm, 2026: request_id, call_type,
api_key (hashed), spend, total_tokens, prompt_tokens, completion_tokens, startTime, endTime, request_duration_ms,
model, model_id, model_group, custom_llm_provider, api_base, user, metadata (JSON), cache_hit, cache_key,
request_tags (JSON), team_id, organization_id, end_user, session_id, status, agent_id), exported as CSV or JSON
lines (or the JSON array `/spend/logs` returns); and the StandardLoggingPayload (docs/proxy/logging_spec.md),
whose `id`, `response_cost`, `trace_id`, `hidden_params` and `error_information` are read where the logs carry them.

- `prompt_tokens` is in the OpenAI convention (cached input included: usage_source litellm); the cache tokens come
  from `metadata.usage_object` where LiteLLM keeps them.
- `spend` (or `response_cost`) becomes gateway_cost_usd: the gateway's price, reported beside our re-price.
- A response-cache hit (`cache_hit` true) called no provider: it is loaded with zero tokens, its counts kept in
  attributes (`litellm.cached_prompt_tokens`, `litellm.cached_completion_tokens`).
- Team: `metadata.user_api_key_team_alias`, else `team_id`. Contract fields (team, project, workflow,
  workflow_run_id, task_type, environment, ...) can also be sent as `metadata.spend_logs_metadata` /
  `requester_metadata` keys of the same name, or as `key:value` request tags (`team:search`).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from aifinops.load.common import Loaded, code, value_aliases
from aifinops.load.records import Values, arrow_table, read_records, tag_fields, tags

SUFFIXES = (".csv", ".csv.gz", ".jsonl", ".jsonl.gz", ".json", ".json.gz")
TEXT_FIELDS = (
    "team", "project", "workflow", "workflow_run_id", "task_type", "environment", "application", "customer_id",
    "data_class", "route", "api_key_id", "user_id", "trace_id",
)  # fmt: skip
COUNT_FIELDS = ("retry_attempt", "tool_calls", "retrieval_calls", "agent_step")
CODES = ("environment", "data_class", "route")


def _first(*values: object) -> object:
    return next((value for value in values if value not in (None, "")), None)


def request_row(where: str, record: dict, aliases: dict, default_environment: str) -> dict:
    values = Values(where)
    metadata = values.json_object("metadata", record.get("metadata"))
    usage = metadata.get("usage_object") if isinstance(metadata.get("usage_object"), dict) else {}
    custom: dict = {}
    for key in ("requester_metadata", "spend_logs_metadata"):
        if isinstance(metadata.get(key), dict):
            custom.update(metadata[key])
    tagged = tag_fields(tags(record.get("request_tags")), TEXT_FIELDS)
    fields = {name: _first(custom.get(name), tagged.get(name)) for name in TEXT_FIELDS + COUNT_FIELDS}

    started = values.instant("startTime", record.get("startTime"))
    ended = values.instant("endTime", record.get("endTime"))
    duration = values.integer("request_duration_ms", record.get("request_duration_ms"))
    if duration is None and started and ended:
        duration = round((ended - started).total_seconds() * 1000)
    prompt = values.integer("prompt_tokens", record.get("prompt_tokens"))
    completion = values.integer("completion_tokens", record.get("completion_tokens"))
    details = usage.get("prompt_tokens_details") if isinstance(usage.get("prompt_tokens_details"), dict) else {}
    output_details = usage.get("completion_tokens_details")
    output_details = output_details if isinstance(output_details, dict) else {}
    cached = _first(usage.get("cache_read_input_tokens"), details.get("cached_tokens"))
    cache_read = values.integer("cache_read_input_tokens", cached)
    cache_write = values.integer("cache_creation_input_tokens", usage.get("cache_creation_input_tokens"))
    creation = usage.get("cache_creation") if isinstance(usage.get("cache_creation"), dict) else {}
    cache_write_1h = values.integer("ephemeral_1h_input_tokens", creation.get("ephemeral_1h_input_tokens"))
    reasoning = values.integer("reasoning_tokens", output_details.get("reasoning_tokens"))
    cache_hit = values.boolean("cache_hit", record.get("cache_hit"))
    attributes = {
        "litellm.model_group": record.get("model_group"),
        "litellm.api_base": record.get("api_base"),
        "litellm.call_type": record.get("call_type"),
        "litellm.session_id": record.get("session_id"),
    }
    if cache_hit:
        attributes |= {"litellm.cache_hit": True, "litellm.cached_prompt_tokens": prompt}
        attributes["litellm.cached_completion_tokens"] = completion
        prompt, completion, cache_read, cache_write, cache_write_1h, reasoning = 0, 0, 0, 0, 0, 0
    status = code("status", record.get("status"), aliases) or "ok"
    if status == "error" and prompt is None and completion is None:
        prompt, completion = 0, 0  # a failed call that reports no usage used none
    error_information = record.get("error_information") or metadata.get("error_information") or {}
    error_information = error_information if isinstance(error_information, dict) else {}
    hidden = record.get("hidden_params") if isinstance(record.get("hidden_params"), dict) else {}
    row = {
        "request_id": values.text(_first(record.get("request_id"), record.get("id"))),
        "trace_id": values.text(_first(fields["trace_id"], record.get("trace_id"), record.get("session_id"))),
        "workflow_run_id": values.text(fields["workflow_run_id"]),
        "started_at": started,
        "duration_ms": duration,
        "provider": values.text(record.get("custom_llm_provider")) or "litellm",
        "operation": code("operation", record.get("call_type"), aliases),
        "request_model": values.text(record.get("model_group")),
        "response_model": values.text(_first(record.get("model"), hidden.get("litellm_model_name"))),
        "input_tokens": prompt,
        "cache_read_input_tokens": cache_read,
        "cache_creation_input_tokens": cache_write,
        "cache_creation_1h_input_tokens": cache_write_1h,
        "output_tokens": completion,
        "reasoning_output_tokens": reasoning,
        "usage_source": "litellm",
        "status": status,
        "error_type": values.text(_first(error_information.get("error_class"), error_information.get("error_code")))
        or ("_OTHER" if status == "error" else None),
        "api_key_id": values.text(
            _first(fields["api_key_id"], record.get("api_key"), metadata.get("user_api_key_hash"))
        ),
        "application": values.text(_first(fields["application"], metadata.get("user_api_key_alias"))),
        "environment": code("environment", fields["environment"], aliases) or default_environment,
        "team": values.text(
            _first(
                fields["team"],
                metadata.get("user_api_key_team_alias"),
                record.get("team_id"),
                metadata.get("user_api_key_team_id"),
            )
        ),  # fmt: skip
        "project": values.text(fields["project"]),
        "workflow": values.text(fields["workflow"]),
        "task_type": values.text(fields["task_type"]),
        "customer_id": values.text(_first(fields["customer_id"], record.get("end_user"))),
        "user_id": values.text(_first(fields["user_id"], record.get("user"), metadata.get("user_api_key_user_id"))),
        "data_class": code("data_class", fields["data_class"], aliases),
        "route": code("route", fields["route"], aliases),
        "is_fallback": values.boolean("is_fallback", custom.get("is_fallback")),
        "gateway_cost_usd": values.number("spend", _first(record.get("spend"), record.get("response_cost"))),
    }
    for name in COUNT_FIELDS:
        row[name] = values.integer(name, fields[name])
    row["attributes"] = values.text({key: value for key, value in attributes.items() if value is not None})
    row["load_error"] = values.load_error()
    return row


def load(connection: duckdb.DuckDBPyConnection, files: list[Path], default_environment: str) -> Loaded:
    aliases = value_aliases()
    rows = [
        request_row(where, record, aliases, default_environment)
        for path in files
        for where, record in read_records(path)
    ]
    connection.register("litellm_requests", arrow_table(rows, "llm_requests"))
    return Loaded({"llm_requests": "litellm_requests"}, len(rows))
