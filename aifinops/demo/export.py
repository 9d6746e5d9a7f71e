"""Export the demo company's calls as a real producer would log them, for the loaders to read back.

    python -m aifinops.demo.export --format otel --raw data/raw --out build/demo_traces.jsonl
    python -m aifinops.demo.export --format litellm --raw data/raw --out build/demo_spend_logs.csv

- `otel`: OTLP JSON lines as the Collector's file exporter writes them (opentelemetry.io/docs/specs/otel/protocol/
  file-exporter), one ExportTraceServiceRequest per application, environment and day, with GenAI semantic-
  convention attributes; each tool call is an `execute_tool` span under its call, and what the conventions have no
  key for (team, workflow, run id, retries, ...) is written with this project's documented `aifinops.*` keys
  (seeds/telemetry_attribute_keys.csv).
- `litellm`: the proxy's LiteLLM_SpendLogs table as CSV (metadata and request_tags JSON-encoded), the contract's
  fields in `metadata.spend_logs_metadata`.

Loading the export with `python -m aifinops.load` into a raw folder holding the demo's other tables builds the same
marts as the Parquet demo (python_tests/test_loaders_round_trip.py). The demo's token counts are in the contract's
convention, which is also the OpenTelemetry and LiteLLM one.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq

CUSTOM_TEXT = ("team", "project", "workflow", "workflow_run_id", "api_key_id", "task_type", "customer_id",
               "data_class", "route")  # fmt: skip
CUSTOM_COUNTS = ("retry_attempt", "retrieval_calls", "agent_step")


def _requests(raw: Path, limit: int | None = None) -> Iterator[dict]:
    files = sorted((raw / "llm_requests").glob("*.parquet"))
    count = 0
    for path in files:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=50_000):
            for call in batch.to_pylist():
                if limit is not None and count >= limit:
                    return
                count += 1
                yield call


def _hex(text: str, length: int) -> str:
    return hashlib.sha256(str(text).encode()).hexdigest()[:length]


def _ns(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    seconds = int(moment.replace(microsecond=0).timestamp())
    return str(seconds * 1_000_000_000 + moment.microsecond * 1000)


def _attribute(key: str, value: object) -> dict | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return {"key": key, "value": {"boolValue": value}}
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    if isinstance(value, float):
        return {"key": key, "value": {"doubleValue": value}}
    return {"key": key, "value": {"stringValue": str(value)}}


def _spans(call: dict) -> list[dict]:
    trace = _hex(call["trace_id"] or call["request_id"], 32)
    span = _hex(call["request_id"], 16)
    start = call["started_at"]
    end_ns = str(int(_ns(start)) + int(call["duration_ms"] or 0) * 1_000_000)
    pairs = [
        ("gen_ai.operation.name", call["operation"]),
        ("gen_ai.provider.name", call["provider"]),
        ("gen_ai.request.model", call["request_model"]),
        ("gen_ai.response.model", call["response_model"]),
        ("gen_ai.usage.input_tokens", call["input_tokens"]),
        ("gen_ai.usage.cache_read.input_tokens", call["cache_read_input_tokens"]),
        ("gen_ai.usage.cache_creation.input_tokens", call["cache_creation_input_tokens"]),
        ("aifinops.usage.cache_creation_1h.input_tokens", call.get("cache_creation_1h_input_tokens")),
        ("gen_ai.usage.output_tokens", call["output_tokens"]),
        ("gen_ai.usage.reasoning.output_tokens", call["reasoning_output_tokens"]),
        ("error.type", call["error_type"]),
        ("aifinops.is_fallback", call["is_fallback"]),
        ("aifinops.cost_usd", call["gateway_cost_usd"]),
        ("user.id", call["user_id"]),
    ]
    pairs += [(f"aifinops.{name}", call[name]) for name in CUSTOM_TEXT + CUSTOM_COUNTS]
    attributes = [item for key, value in pairs if (item := _attribute(key, value)) is not None]
    error = call["status"] == "error"
    spans = [
        {
            "traceId": trace,
            "spanId": span,
            "name": f"{call['operation']} {call['request_model']}",
            "kind": 3,
            "startTimeUnixNano": _ns(start),
            "endTimeUnixNano": end_ns,
            "attributes": attributes,
            "status": {"code": 2, "message": call["error_type"]} if error else {"code": 0},
        }
    ]
    for number in range(call["tool_calls"] or 0):
        spans.append(
            {
                "traceId": trace,
                "spanId": _hex(f"{call['request_id']}:tool:{number}", 16),
                "parentSpanId": span,
                "name": "execute_tool",
                "kind": 1,
                "startTimeUnixNano": end_ns,
                "endTimeUnixNano": end_ns,
                "attributes": [{"key": "gen_ai.operation.name", "value": {"stringValue": "execute_tool"}}],
                "status": {"code": 0},
            }
        )
    return spans


def export_otel(raw: Path, out: Path, limit: int | None = None) -> int:
    groups: dict[tuple, list[dict]] = {}
    count = 0
    for call in _requests(raw, limit):
        key = (call["application"], call["environment"], call["started_at"].date())
        groups.setdefault(key, []).extend(_spans(call))
        count += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for (application, environment, _), spans in sorted(groups.items(), key=lambda item: str(item[0])):
            resource = [
                item
                for item in (
                    _attribute("service.name", application),
                    _attribute("deployment.environment.name", environment),
                )
                if item is not None
            ]
            request = {
                "resourceSpans": [
                    {
                        "resource": {"attributes": resource},
                        "scopeSpans": [{"scope": {"name": "aifinops.demo", "version": "1"}, "spans": spans}],
                    }
                ]
            }
            handle.write(json.dumps(request, separators=(",", ":")) + "\n")
    return count


LITELLM_COLUMNS = (
    "request_id", "call_type", "api_key", "spend", "total_tokens", "prompt_tokens", "completion_tokens", "startTime",
    "endTime", "request_duration_ms", "model", "model_group", "custom_llm_provider", "user", "metadata",
    "cache_hit", "request_tags", "team_id", "end_user", "session_id", "status",
)  # fmt: skip
CALL_TYPES = {"chat": "acompletion", "embeddings": "aembedding", "text_completion": "atext_completion"}


def _litellm_row(call: dict) -> dict:
    custom = {name: call[name] for name in CUSTOM_TEXT + CUSTOM_COUNTS + ("application", "environment")}
    custom["is_fallback"] = call["is_fallback"]
    custom["tool_calls"] = call["tool_calls"]
    custom = {key: value for key, value in custom.items() if value is not None}
    usage = {
        "prompt_tokens_details": {"cached_tokens": call["cache_read_input_tokens"]},
        "cache_creation_input_tokens": call["cache_creation_input_tokens"],
        "cache_creation": {"ephemeral_1h_input_tokens": call.get("cache_creation_1h_input_tokens")},
        "completion_tokens_details": {"reasoning_tokens": call["reasoning_output_tokens"]},
    }
    metadata: dict = {"spend_logs_metadata": custom, "usage_object": usage}
    if call["status"] == "error":
        metadata["error_information"] = {"error_class": call["error_type"]}
    start = call["started_at"].astimezone(UTC)
    end = datetime.fromtimestamp(start.timestamp() + (call["duration_ms"] or 0) / 1000, tz=UTC)
    tokens = [call["input_tokens"], call["output_tokens"]]
    return {
        "request_id": call["request_id"],
        "call_type": CALL_TYPES.get(call["operation"], call["operation"]),
        "api_key": call["api_key_id"],
        "spend": "" if call["gateway_cost_usd"] is None else repr(call["gateway_cost_usd"]),
        "total_tokens": sum(value or 0 for value in tokens),
        "prompt_tokens": call["input_tokens"],
        "completion_tokens": call["output_tokens"],
        "startTime": start.strftime("%Y-%m-%d %H:%M:%S.%f"),
        "endTime": end.strftime("%Y-%m-%d %H:%M:%S.%f"),
        "request_duration_ms": call["duration_ms"],
        "model": call["response_model"] or call["request_model"],
        "model_group": call["request_model"],
        "custom_llm_provider": call["provider"],
        "user": call["user_id"],
        "metadata": json.dumps(metadata, separators=(",", ":")),
        "cache_hit": "False",
        "request_tags": json.dumps([f"team:{call['team']}"] if call["team"] else []),
        "team_id": call["team"],
        "end_user": call["customer_id"],
        "session_id": call["trace_id"],
        "status": "failure" if call["status"] == "error" else "success",
    }


def export_litellm(raw: Path, out: Path, limit: int | None = None) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=LITELLM_COLUMNS)
        writer.writeheader()
        for call in _requests(raw, limit):
            writer.writerow(_litellm_row(call))
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aifinops.demo.export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", required=True, choices=("otel", "litellm"))
    parser.add_argument("--raw", type=Path, default=Path("data/raw"), help="the demo's raw folder (default data/raw)")
    parser.add_argument("--out", required=True, type=Path, help="the file to write")
    parser.add_argument("--limit", type=int, help="export the first N calls only")
    args = parser.parse_args(argv)
    count = (export_otel if args.format == "otel" else export_litellm)(args.raw, args.out, args.limit)
    print(f"{count} calls written to {args.out} ({args.format})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
