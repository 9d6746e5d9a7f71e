"""The loaders (`python -m aifinops.load`) on fixture files written from each format's public specification.

Fixtures (python_tests/fixtures/telemetry/), each written by hand from the documents its loader module names:
- otel_genai_1_38.jsonl: two OTLP/JSON export requests (Collector file exporter; GenAI semantic conventions 1.38):
  a workflow span with a chat call, two tool calls and an HTTP span; a call with deprecated names, base64 ids and
  an error status; a chat span without a model; a span whose input_tokens is "abc"; an embeddings span with a cost.
- litellm_spend_logs.csv (LiteLLM_SpendLogs columns) and litellm_standard_logging_payload.jsonl.
- langfuse_observations_v2.jsonl (blob-storage export fields; the Parquet variant is written from it here).
- openai_usage_completions.json, anthropic_usage_report_messages.json (admin usage reports, aggregates).
- calls.csv with calls_mapping.yml (any CSV log with a mapping).

Every expected value below is read off the fixture by hand; costs are genai-prices' own `calc_price`.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from genai_prices import Usage, calc_price

from aifinops.load.cli import main as load_main
from aifinops.prices.catalogue import ROUTE_CONTEXTS
from python_tests.conftest import PROJECT_ROOT, dbt

FIXTURES = Path(__file__).parent / "fixtures" / "telemetry"
MAPPING = FIXTURES / "calls_mapping.yml"
SOURCES = [
    ("otel", "otel_genai_1_38.jsonl"),
    ("litellm", "litellm_spend_logs.csv"),
    ("litellm", "litellm_standard_logging_payload.jsonl"),
    ("langfuse", "langfuse_observations_v2.jsonl"),
    ("openai-usage", "openai_usage_completions.json"),
    ("anthropic-usage", "anthropic_usage_report_messages.json"),
    ("csv", "calls.csv"),
]


def load(fmt: str, path: Path, raw: Path, capsys, *extra: str) -> tuple[int, str, str]:
    args = ["--format", fmt, "--path", str(path), "--raw", str(raw), *extra]
    if fmt == "csv" and "--mapping" not in extra:
        args += ["--mapping", str(MAPPING)]
    code = load_main(args)
    out, err = capsys.readouterr()
    return code, out, err


def rows(raw: Path, table: str = "llm_requests") -> dict[str, dict]:
    key = "request_id" if table == "llm_requests" else "workflow_run_id"
    found = pa.concat_tables(
        [pq.read_table(path) for path in sorted((raw / table).glob("*.parquet"))], promote_options="permissive"
    )
    return {row[key]: row for row in found.to_pylist()}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


CHAT = "5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174"
ANTHROPIC = "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331"  # from base64 W47/95gDgQPSabYzgT/GDA== and t61rcWkgMzE=
NO_MODEL = "1111111111111111111111111111111a-d000000000000001"
BAD_VALUE = "1111111111111111111111111111111b-d000000000000002"
EMBEDDING = "1111111111111111111111111111111c-d000000000000003"


def test_otel_spans_become_calls_runs_and_tool_counts(tmp_path: Path, capsys) -> None:
    code, out, _ = load("otel", FIXTURES / "otel_genai_1_38.jsonl", tmp_path, capsys)
    assert code == 0
    assert "read 9 records" in out and "2 execute_tool spans" in out and "1 spans of other operations" in out
    calls = rows(tmp_path)
    assert set(calls) == {CHAT, ANTHROPIC, NO_MODEL, BAD_VALUE, EMBEDDING}
    chat = calls[CHAT]
    assert (chat["provider"], chat["operation"], chat["request_model"], chat["response_model"]) == (
        "openai", "chat", "gpt-4o", "gpt-4o-2024-08-06"
    )  # fmt: skip
    assert (chat["input_tokens"], chat["cache_read_input_tokens"], chat["output_tokens"]) == (1234, 1024, 256)
    assert chat["reasoning_output_tokens"] == 128 and chat["usage_source"] == "otel"
    assert chat["started_at"] == utc("2025-12-01 10:00:01") and chat["duration_ms"] == 1250
    # Both tool spans are its: one is its child, the other (a sibling) started after it in the trace.
    assert chat["tool_calls"] == 2
    assert (chat["workflow_run_id"], chat["workflow"], chat["team"]) == (
        "a000000000000001",
        "ticket_triage",
        "support_tier1",
    )
    assert (chat["application"], chat["environment"], chat["status"]) == ("support-desk", "production", "ok")
    assert json.loads(chat["attributes"])["gen_ai.response.id"] == "chatcmpl-AbC123"
    old = calls[ANTHROPIC]  # gen_ai.system, gen_ai.usage.prompt_tokens / completion_tokens, base64 ids
    assert (old["provider"], old["request_model"], old["input_tokens"], old["output_tokens"]) == (
        "anthropic", "claude-sonnet-4-5", 2000, 0
    )  # fmt: skip
    assert (old["trace_id"], old["status"], old["error_type"], old["retry_attempt"]) == (
        "0af7651916cd43dd8448eb211c80319c", "error", "rate_limit_error", 1
    )  # fmt: skip
    assert (old["environment"], old["workflow"], old["workflow_run_id"]) == ("staging", "kb_rag_assistant", None)
    assert calls[NO_MODEL]["request_model"] is None and calls[NO_MODEL]["load_error"] is None
    assert calls[BAD_VALUE]["input_tokens"] is None
    assert calls[BAD_VALUE]["load_error"].startswith("input_tokens abc is not an integer (span d000000000000002")
    assert "otel_genai_1_38.jsonl" in calls[BAD_VALUE]["load_error"]
    embedding = calls[EMBEDDING]
    assert (embedding["operation"], embedding["input_tokens"], embedding["output_tokens"]) == ("embeddings", 800, 0)
    assert embedding["gateway_cost_usd"] == pytest.approx(0.000016)
    runs = rows(tmp_path, "workflow_runs")
    assert list(runs) == ["a000000000000001"]
    run = runs["a000000000000001"]
    assert (run["workflow"], run["requesting_team"], run["status"], run["output_accepted"]) == (
        "ticket_triage", "support_tier1", "completed", True
    )  # fmt: skip
    assert (run["started_at"], run["ended_at"]) == (utc("2025-12-01 10:00:00"), utc("2025-12-01 10:00:05"))


def test_make_load_runs_the_loader_as_the_readme_says(tmp_path: Path) -> None:
    source = FIXTURES / "otel_genai_1_38.jsonl"
    command = ["make", "--no-print-directory", "load", "FORMAT=otel", f"PATH={source}", f"RAW={tmp_path}"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "llm_requests: loaded 5 rows" in result.stdout
    assert len(rows(tmp_path)) == 5
    help_text = subprocess.run(
        [sys.executable, "-m", "aifinops.load", "--help"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    assert all(name in help_text for name in ("otel", "litellm", "langfuse", "openai-usage", "anthropic-usage", "csv"))


def test_otel_reads_gzip_files_of_a_folder_alike(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "traces.jsonl.gz").write_bytes(gzip.compress((FIXTURES / "otel_genai_1_38.jsonl").read_bytes()))
    (folder / "notes.txt").write_text("not a trace file")
    assert load("otel", folder, tmp_path / "gz", capsys)[0] == 0
    assert load("otel", FIXTURES / "otel_genai_1_38.jsonl", tmp_path / "plain", capsys)[0] == 0
    gz, plain = rows(tmp_path / "gz"), rows(tmp_path / "plain")
    assert "traces.jsonl.gz" in gz[BAD_VALUE].pop("load_error")
    assert "otel_genai_1_38.jsonl" in plain[BAD_VALUE].pop("load_error")
    assert gz == plain


def test_otel_read_line_by_line_in_pieces_gives_the_same_rows(tmp_path: Path, capsys, monkeypatch) -> None:
    # A large file is read in pieces: with a piece per line, spans keep distinct keys across pieces and tool
    # spans still find their calls.
    fixture = FIXTURES / "otel_genai_1_38.jsonl"
    assert load("otel", fixture, tmp_path / "whole", capsys)[0] == 0
    monkeypatch.setattr("aifinops.load.otel.PIECE_BYTES", 1)
    assert load("otel", fixture, tmp_path / "pieces", capsys)[0] == 0
    whole, pieces = rows(tmp_path / "whole"), rows(tmp_path / "pieces")
    assert len(fixture.read_text().splitlines()) > 1 and len(whole) > 1
    assert pieces == whole
    assert rows(tmp_path / "pieces", "workflow_runs") == rows(tmp_path / "whole", "workflow_runs")


def test_loading_again_adds_nothing_and_overlaps_are_skipped_by_id(tmp_path: Path, capsys) -> None:
    raw = tmp_path / "raw"
    source = FIXTURES / "otel_genai_1_38.jsonl"
    assert load("otel", source, raw, capsys)[0] == 0
    files = sorted((raw / "llm_requests").iterdir())
    code, out, _ = load("otel", source, raw, capsys)
    assert code == 0 and "already loaded (same content)" in out and "nothing new" in out
    assert sorted((raw / "llm_requests").iterdir()) == files
    # A later export that repeats the first request and adds one span: only the new span is written.
    first, _ = source.read_text().splitlines()
    request = json.loads(first)
    new_span = json.loads(json.dumps(request["resourceSpans"][0]["scopeSpans"][0]["spans"][1]))
    new_span["spanId"] = "eee19b7ec3c1b999"
    request["resourceSpans"][0]["scopeSpans"][0]["spans"].append(new_span)
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(request) + "\n")
    code, out, _ = load("otel", later, raw, capsys)
    assert code == 0
    assert "llm_requests: loaded 1 rows" in out and "skipped 1 already loaded" in out
    assert "workflow_runs: loaded 0 rows" in out and "skipped 1 already loaded" in out
    assert len(rows(raw)) == 6
    ledger = [json.loads(line) for line in (raw / "_loads" / "ledger.jsonl").read_text().splitlines()]
    assert [entry["format"] for entry in ledger] == ["otel", "otel"]


MALFORMED = [
    # (format, file name, content, what the error must say)
    ("otel", "cut.jsonl", (FIXTURES / "otel_genai_1_38.jsonl").read_text()[:-200], "line 2: not JSON"),
    ("otel", "array.jsonl", "[1, 2]\n", "line 1: not an OTLP export request"),
    ("litellm", "cut.jsonl", '{"request_id": "a", "spend": 1}\n{"request_id": "b", "sp', "line 2: not JSON"),
    ("litellm", "ragged.csv", "request_id,spend\na,1\nb,2,3\n", "line 3: more fields than the header has"),
    ("langfuse", "cut.json", '[{"id": "obs_1", "type": "GENERATION"}, {"id": ', "line 1: not JSON"),
    ("openai-usage", "nodata.json", '{"object": "page", "results": []}', "page 1: not a report page"),
    ("anthropic-usage", "bucket.json", '{"data": [{"starting_at": "2025-12-02T00:00:00Z", "results": 5}]}',
     "bucket 1: not a bucket object"),
    ("csv", "short.csv", "call_id,ts\nc-1,2025-12-01\n", "no column completion, env, llm, owner, prompt, vendor"),
]  # fmt: skip


@pytest.mark.parametrize(("fmt", "name", "content", "message"), MALFORMED, ids=[m[1] + "-" + m[0] for m in MALFORMED])
def test_a_malformed_file_names_the_line_and_writes_nothing(tmp_path, capsys, fmt, name, content, message) -> None:
    source = tmp_path / name
    source.write_text(content)
    raw = tmp_path / "raw"
    code, _, err = load(fmt, source, raw, capsys)
    assert code == 2
    assert str(source) in err or fmt == "csv" and name in err
    assert message in err
    assert not raw.exists() or not any(raw.rglob("*.parquet*")) and not (raw / "_loads").exists()


def test_a_mapping_naming_an_unknown_field_stops_the_csv_load(tmp_path: Path, capsys) -> None:
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("columns:\n  request_id: call_id\n  tokens_in: prompt\n")
    code, _, err = load("csv", FIXTURES / "calls.csv", tmp_path / "raw", capsys, "--mapping", str(mapping))
    assert code == 2 and "'tokens_in' is not a field of the llm_requests contract" in err


def test_litellm_spend_logs_and_logging_payloads(tmp_path: Path, capsys) -> None:
    assert load("litellm", FIXTURES / "litellm_spend_logs.csv", tmp_path, capsys)[0] == 0
    assert load("litellm", FIXTURES / "litellm_standard_logging_payload.jsonl", tmp_path, capsys)[0] == 0
    calls = rows(tmp_path)
    first = calls["chatcmpl-9f1"]
    assert (first["provider"], first["request_model"], first["response_model"], first["operation"]) == (
        "openai", "gpt-4o-mini", "gpt-4o-mini", "chat"
    )  # fmt: skip
    assert (first["input_tokens"], first["cache_read_input_tokens"], first["output_tokens"]) == (1620, 1024, 250)
    assert (first["team"], first["workflow"], first["project"], first["task_type"]) == (
        "search_relevance", "kb_rag_assistant", "ask-acme", "rag_qa"
    )  # fmt: skip
    assert (first["gateway_cost_usd"], first["usage_source"], first["customer_id"]) == (0.000393, "litellm", "cust_9")
    assert (first["started_at"], first["duration_ms"]) == (utc("2025-12-01 09:00:00.100000"), 1300)
    assert first["application"] == "search-prod" and first["trace_id"] == "sess-1"
    cached = calls["chatcmpl-9f2"]  # a response-cache hit: no provider call, its counts kept in attributes
    assert (cached["input_tokens"], cached["output_tokens"]) == (0, 0)
    assert json.loads(cached["attributes"])["litellm.cached_prompt_tokens"] == 1620
    anthropic = calls["msg_01A"]
    assert (anthropic["operation"], anthropic["cache_read_input_tokens"], anthropic["cache_creation_input_tokens"]) == (
        "chat", 3000, 500
    )  # fmt: skip
    assert (anthropic["team"], anthropic["environment"]) == ("support_tier1", "staging")
    failed = calls["req-err"]
    assert (failed["status"], failed["error_type"], failed["input_tokens"], failed["output_tokens"]) == (
        "error", "RateLimitError", 0, 0
    )  # fmt: skip
    assert calls["req-bad"]["load_error"] == (
        "metadata is not a JSON object; prompt_tokens 'twelve' is not an integer"
        f" ({FIXTURES / 'litellm_spend_logs.csv'}: line 6)"
    )
    payload = calls["chatcmpl-p1"]
    assert (payload["trace_id"], payload["team"], payload["api_key_id"]) == ("t-77", "team-search", "88dc28d0")
    assert payload["started_at"] == datetime.fromtimestamp(1764579600.1, tz=UTC)
    assert calls["chatcmpl-p2"]["error_type"] == "RateLimitError"


def _langfuse_parquet(path: Path) -> None:
    records = [json.loads(line) for line in (FIXTURES / "langfuse_observations_v2.jsonl").read_text().splitlines()]
    columns = ["id", "trace_id", "project_id", "environment", "type", "start_time", "end_time", "name",
               "provided_model_name", "total_cost", "user_id", "session_id", "level", "status_message"]  # fmt: skip
    table = {name: [record.get(name) for record in records] for name in columns}
    table["total_cost"] = pa.array(table["total_cost"], pa.float64())
    usage = [[(k, v) for k, v in (r.get("usage_details") or {}).items() if isinstance(v, int)] for r in records]
    table["usage_details"] = pa.array(usage, pa.map_(pa.string(), pa.int64()))
    table["tags"] = pa.array([record.get("tags") for record in records], pa.list_(pa.string()))
    table["metadata"] = [json.dumps(record["metadata"]) if "metadata" in record else None for record in records]
    pq.write_table(pa.table(table), path)


@pytest.mark.parametrize("variant", ["jsonl", "parquet"])
def test_langfuse_generations(tmp_path: Path, capsys, variant: str) -> None:
    source = FIXTURES / "langfuse_observations_v2.jsonl"
    if variant == "parquet":
        source = tmp_path / "observations_v2" / "part-0.parquet"
        source.parent.mkdir()
        _langfuse_parquet(source)
    code, out, _ = load("langfuse", source, tmp_path / "raw", capsys)
    assert code == 0 and "1 observations of type SPAN" in out
    calls = rows(tmp_path / "raw")
    assert (
        set(calls) == {"obs_1", "obs_3", "obs_4", "obs_5"}
        if variant == "jsonl"
        else {"obs_1", "obs_3", "obs_4", "obs_5"}
    )
    answer = calls["obs_1"]  # usage_details are disjoint buckets: input 600 beside 1,200 cached
    assert (answer["input_tokens"], answer["cache_read_input_tokens"], answer["output_tokens"]) == (600, 1200, 300)
    assert (answer["usage_source"], answer["request_model"], answer["gateway_cost_usd"]) == (
        "langfuse", "claude-sonnet-4-5", 0.0063
    )  # fmt: skip
    assert (answer["team"], answer["workflow"], answer["duration_ms"]) == (
        "support_tier1",
        "support_reply_drafting",
        1200,
    )
    failed = calls["obs_3"]
    assert (failed["status"], failed["error_type"], failed["environment"]) == (
        "error", "context_length_exceeded", "production"
    )  # fmt: skip
    assert (failed["reasoning_output_tokens"], failed["output_tokens"], failed["input_tokens"]) == (10, 40, 900)
    assert (calls["obs_4"]["operation"], calls["obs_4"]["output_tokens"], calls["obs_4"]["environment"]) == (
        "embeddings", 0, "experiment"
    )  # fmt: skip
    if variant == "jsonl":  # the Parquet map holds integers only
        assert "usage_details.input 'lots' is not an integer" in calls["obs_5"]["load_error"]


def test_usage_reports_land_as_aggregates(tmp_path: Path, capsys) -> None:
    assert load("openai-usage", FIXTURES / "openai_usage_completions.json", tmp_path, capsys)[0] == 0
    assert load("anthropic-usage", FIXTURES / "anthropic_usage_report_messages.json", tmp_path, capsys)[0] == 0
    found = sorted(rows(tmp_path).values(), key=lambda row: (row["provider"], row["started_at"], row["input_tokens"]))
    summary = [
        (r["provider"], r["started_at"].date().isoformat(), r["request_model"], r["input_tokens"],
         r["cache_read_input_tokens"], r["cache_creation_input_tokens"], r["cache_creation_1h_input_tokens"],
         r["output_tokens"], r["request_count"], r["route"], r["project"], r["fidelity"], r["usage_source"])
        for r in found
    ]  # fmt: skip
    assert summary == [
        ("anthropic", "2025-12-02", "claude-sonnet-4-5-20250929", 10000, 50000, 3000, 1000, 3000, None, "standard",
         "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", "aggregate", "anthropic_api"),
        ("anthropic", "2025-12-02", "claude-sonnet-4-5-20250929", 250000, 0, 0, 0, 1000, 1, "standard",
         "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", "aggregate", "anthropic_api"),
        ("openai", "2025-12-01", "gpt-4o-mini-2024-07-18", 100000, 40000, None, None, 20000, 50, "standard",
         "proj_abc", "aggregate", "openai_api"),
        ("openai", "2025-12-02", "gpt-4o-2024-08-06", 5000, 0, None, None, 1000, 3, "standard", "proj_abc",
         "aggregate", "openai_api"),
        ("openai", "2025-12-02", "gpt-4o-mini-2024-07-18", 200000, 0, None, None, 10000, 40, "batch", "proj_abc",
         "aggregate", "openai_api"),
    ]  # fmt: skip
    # Loading the same report again, under another name, skips every bucket by its id.
    copy = tmp_path / "copy.json"
    copy.write_text((FIXTURES / "openai_usage_completions.json").read_text() + "\n")
    code, out, _ = load("openai-usage", copy, tmp_path, capsys)
    assert code == 0 and "loaded 0 rows" in out and "skipped 3 already loaded" in out


def test_any_csv_with_a_mapping(tmp_path: Path, capsys) -> None:
    code, out, _ = load("csv", FIXTURES / "calls.csv", tmp_path, capsys)
    assert code == 0 and "rejected 1" in out
    calls = rows(tmp_path)
    assert [
        (k, c["started_at"], c["provider"], c["input_tokens"], c["team"], c["environment"])
        for k, c in sorted(calls.items())
    ] == [
        ("c-1", utc("2025-12-01 13:00:00"), "openai", 1000, "support_tier1", "production"),
        ("c-2", utc("2025-12-01 13:01:00"), "anthropic", 2000, "customer_success", "production"),
        ("c-3", utc("2025-12-01 13:02:00"), "openai", None, "support_tier1", "production"),
    ]
    assert calls["c-3"]["load_error"] == f"input_tokens 'ten' is not an integer ({FIXTURES / 'calls.csv'}: line 4)"


# ----------------------------------------------------------------------------------------------------------------
# Every fixture loaded into one raw folder and built: each call kept or quarantined with its reason, priced as
# genai-prices prices it, and no usage-report bucket added on top of the calls of the same traffic.

# Usage in the contract's meaning (input includes cached input, output includes reasoning), read off the fixtures.
# (genai-prices model, provider, input, cache read, cache write, 1-hour write, output, reasoning, route, start)
EXPECTED_USAGE = {
    CHAT: ("gpt-4o-2024-08-06", "openai", 1234, 1024, 0, 0, 256, 128, "standard", "2025-12-01 10:00:01"),
    ANTHROPIC: ("claude-sonnet-4-5", "anthropic", 2000, 0, 0, 0, 0, 0, "standard", "2025-12-01 10:01:00"),
    EMBEDDING: ("text-embedding-3-small", "openai", 800, 0, 0, 0, 0, 0, "standard", "2025-12-01 10:04:00"),
    "chatcmpl-9f1": ("gpt-4o-mini", "openai", 1620, 1024, 0, 0, 250, 0, "standard", "2025-12-01 09:00:00"),
    "chatcmpl-9f2": ("gpt-4o-mini", "openai", 0, 0, 0, 0, 0, 0, "standard", "2025-12-01 09:05:00"),
    "msg_01A": (
        "claude-sonnet-4-5-20250929", "anthropic", 4000, 3000, 500, 0, 100, 0, "standard", "2025-12-01 09:10:00"
    ),
    "req-err": ("gpt-4o", "openai", 0, 0, 0, 0, 0, 0, "standard", "2025-12-01 09:20:00"),
    "chatcmpl-p1": ("gpt-4o-mini", "openai", 1620, 0, 0, 0, 250, 0, "standard", "2025-12-01 09:00:00"),
    "chatcmpl-p2": ("gpt-4o", "openai", 0, 0, 0, 0, 0, 0, "standard", "2025-12-01 09:01:40"),
    "obs_1": ("claude-sonnet-4-5", "anthropic", 1800, 1200, 0, 0, 300, 0, "standard", "2025-12-01 10:00:00"),
    "obs_3": ("gpt-4o-mini", "openai", 1000, 100, 0, 0, 50, 10, "standard", "2025-12-01 11:00:00"),
    "c-1": ("gpt-4o-mini", "openai", 1000, 0, 0, 0, 100, 0, "standard", "2025-12-01 13:00:00"),
    "c-2": ("claude-haiku-4-5", "anthropic", 2000, 0, 0, 0, 200, 0, "standard", "2025-12-01 13:01:00"),
    # Aggregates: the bucket's tokens, priced at the tier of its calls (input per call well below any threshold,
    # the 200k-1M context window one at the long-context tier).
    "openai-usage:2025-12-02:gpt-4o": (
        "gpt-4o-2024-08-06", "openai", 5000, 0, 0, 0, 1000, 0, "standard", "2025-12-02 00:00:00"
    ),
    "openai-usage:2025-12-02:gpt-4o-mini": (
        "gpt-4o-mini-2024-07-18", "openai", 200000, 0, 0, 0, 10000, 0, "batch", "2025-12-02 00:00:00"
    ),
    "anthropic-usage:0-200k": (
        "claude-sonnet-4-5-20250929", "anthropic", 63000, 50000, 3000, 1000, 3000, 0, "standard", "2025-12-02 00:00:00"
    ),
    "anthropic-usage:200k-1M": (
        "claude-sonnet-4-5-20250929", "anthropic", 250000, 0, 0, 0, 1000, 0, "standard", "2025-12-02 00:00:00"
    ),
}  # fmt: skip
# Rows a build quarantines, with the reason each deserves.
EXPECTED_QUARANTINE = {
    NO_MODEL: "missing_model",
    BAD_VALUE: "unmappable_record",
    "req-bad": "unmappable_record",
    "obs_5": "unmappable_record",
    "c-3": "unmappable_record",
    # OpenAI's 2025-12-01 bucket: the per-request calls of that day (OTel, LiteLLM, ...) are the same traffic.
    "openai-usage:2025-12-01": "aggregate_covered_by_requests",
}
UNPRICED = {"obs_4"}  # an embedding whose producer names no provider, and the catalogue gives none by its name


def _label(row: dict) -> str:
    """The name the expectations give a usage-report row (its id is a hash)."""
    if row["fidelity"] != "aggregate":
        return row["request_id"]
    day = row["started_at"].date().isoformat()
    if row["provider"] == "anthropic":
        return "anthropic-usage:" + ("200k-1M" if row["input_tokens"] == 250000 else "0-200k")
    if day == "2025-12-01":
        return f"openai-usage:{day}"
    return f"openai-usage:{day}:" + ("gpt-4o-mini" if "mini" in row["request_model"] else "gpt-4o")


@pytest.fixture(scope="module")
def loaded_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("loaders")
    raw = folder / "raw"
    for fmt, name in SOURCES:
        args = ["--format", fmt, "--path", str(FIXTURES / name), "--raw", str(raw)]
        assert load_main(args + (["--mapping", str(MAPPING)] if fmt == "csv" else [])) == 0
    database = folder / "warehouse.duckdb"
    result = dbt(["build"], raw, database, folder)
    assert result.returncode == 0, result.stdout[-4000:]
    return raw, database


def test_every_loaded_row_is_kept_or_quarantined_with_its_reason(loaded_build) -> None:
    raw, database = loaded_build
    labels = {row["request_id"]: _label(row) for row in rows(raw).values()}
    with duckdb.connect(str(database), read_only=True) as connection:
        kept = [labels[i] for (i,) in connection.execute("select request_id from fct_llm_requests").fetchall()]
        rejected = dict(
            connection.execute("select request_id, rejection_reason from quarantine_llm_requests").fetchall()
        )
    assert sorted(kept) == sorted(set(EXPECTED_USAGE) | UNPRICED)
    assert {labels[key]: reason for key, reason in rejected.items()} == EXPECTED_QUARANTINE
    assert len(kept) + len(rejected) == len(labels)


def _expected_cost(usage: tuple) -> Decimal:
    model, provider, total_in, read, write, write_1h, out, reasoning, route, started = usage
    return calc_price(
        Usage(input_tokens=total_in, cache_read_tokens=read, cache_write_tokens=write, cache_write_1h_tokens=write_1h,
              output_tokens=out, output_reasoning_tokens=reasoning),
        model,
        provider_id=provider,
        genai_request_timestamp=utc(started),
        price_context=ROUTE_CONTEXTS.get(route),
    ).total_price  # fmt: skip


def test_loaded_calls_are_priced_as_genai_prices_prices_them(loaded_build) -> None:
    raw, database = loaded_build
    labels = {row["request_id"]: _label(row) for row in rows(raw).values()}
    with duckdb.connect(str(database), read_only=True) as connection:
        built = connection.execute("select request_id, model_cost_usd from fct_llm_requests").fetchall()
    costs = {labels[key]: cost for key, cost in built}
    assert all(costs[key] is None for key in UNPRICED)
    wrong = {
        key: (costs[key], expected)
        for key, usage in EXPECTED_USAGE.items()
        if costs[key] is None or abs(Decimal(str(costs[key])) - (expected := _expected_cost(usage))) > Decimal("1e-9")
    }
    assert wrong == {}
    assert costs["anthropic-usage:200k-1M"] == pytest.approx(1.5225)  # 250k x 6 + 1k x 22.5 per million


def test_a_usage_report_is_never_added_to_the_calls_of_the_same_traffic(loaded_build) -> None:
    _, database = loaded_build
    with duckdb.connect(str(database), read_only=True) as connection:
        daily = dict(
            connection.execute(
                "select cast(spend_date as varchar), sum(model_cost_usd) from fct_daily_spend"
                " where provider = 'openai' group by 1"
            ).fetchall()
        )
        requests = dict(
            connection.execute(
                "select cast(spend_date as varchar), sum(requests) from fct_daily_spend"
                " where provider = 'openai' group by 1"
            ).fetchall()
        )
    per_request = ("chatcmpl-9f1", "chatcmpl-9f2", "req-err", "chatcmpl-p1", "chatcmpl-p2", "obs_3", "c-1")
    first_day = sum(_expected_cost(EXPECTED_USAGE[key]) for key in (CHAT, EMBEDDING, *per_request))
    second_day = sum(_expected_cost(EXPECTED_USAGE[f"openai-usage:2025-12-02:{m}"]) for m in ("gpt-4o", "gpt-4o-mini"))
    # 2025-12-01: the calls only (the bucket of 50 requests, priced 0.024, is not added); 2025-12-02: the buckets.
    assert Decimal(str(daily["2025-12-01"])) == pytest.approx(first_day, abs=Decimal("1e-9"))
    assert Decimal(str(daily["2025-12-02"])) == pytest.approx(second_day, abs=Decimal("1e-9"))
    assert (requests["2025-12-01"], requests["2025-12-02"]) == (9, 43)
