"""OTLP JSON traces (the OpenTelemetry Collector's `file` exporter) into llm_requests and workflow_runs.

Followed: OpenTelemetry Protocol File Exporter spec (opentelemetry.io/docs/specs/otel/protocol/file-exporter, OTLP
1.x JSON encoding: JSON lines, one ExportTraceServiceRequest per line, 64-bit integers as strings, ids in hex,
numeric enums) and the GenAI semantic conventions 1.38 (opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans):
`gen_ai.operation.name`, `gen_ai.provider.name` (deprecated `gen_ai.system`), `gen_ai.request.model`,
`gen_ai.response.model`, `gen_ai.usage.*`, `gen_ai.conversation.id`, `error.type`. Where each field is found
(deprecated keys, vendor aliases, team / project / workflow keys) is seed telemetry_attribute_keys.

- An inference span (operation chat, text_completion, generate_content or embeddings, or a span without an
  operation that names a model or reports tokens) is one call. Its request id is `<trace id>-<span id>`.
  Input tokens include cached input and output includes reasoning (usage_source otel).
- An `execute_tool` span is a tool call of the inference span that is its parent, else of the latest inference
  span of its trace that started before it, else of the trace's first one.
- An `invoke_workflow` or `invoke_agent` span that carries a workflow name is a workflow run (id: the
  aifinops.workflow_run_id attribute, else its span id; failed when its status is an error); the calls of its
  trace that started inside it belong to it.
- Other spans are counted as not calls. Ids written in base64 (some exporters) are turned into hex.
- A value that does not convert (a token count "abc", a start time that is not a number) keeps the call, with a
  load_error naming the attribute, the span and the file: staging quarantines it as unmappable_record.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from aifinops.load.common import Loaded, LoadError, attribute_keys, value_aliases

SUFFIXES = (".json", ".jsonl", ".json.gz", ".jsonl.gz")
INFERENCE_OPERATIONS = ("chat", "text_completion", "generate_content", "embeddings")
RUN_OPERATIONS = ("invoke_workflow", "invoke_agent")
_ANY_VALUE = "STRUCT(stringValue VARCHAR, intValue VARCHAR, doubleValue VARCHAR, boolValue VARCHAR)"
_ATTRIBUTES = f"STRUCT(key VARCHAR, value {_ANY_VALUE})[]"
_SPAN = (
    "STRUCT(traceId VARCHAR, spanId VARCHAR, parentSpanId VARCHAR, name VARCHAR, kind VARCHAR,"
    f" startTimeUnixNano VARCHAR, endTimeUnixNano VARCHAR, attributes {_ATTRIBUTES},"
    " status STRUCT(code VARCHAR, message VARCHAR))"
)
RESOURCE_SPANS = (
    f"STRUCT(resource STRUCT(attributes {_ATTRIBUTES}),"
    f" scopeSpans STRUCT(scope STRUCT(name VARCHAR, version VARCHAR), spans {_SPAN}[])[])[]"
)
TEXT_FIELDS = (
    "provider", "operation", "request_model", "response_model", "error_type", "conversation_id", "response_id",
    "application", "environment", "team", "project", "workflow", "workflow_run_id", "api_key_id", "task_type",
    "customer_id", "user_id", "data_class", "route", "run_status", "blocked_reason",
)  # fmt: skip
INTEGER_FIELDS = (
    "input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens",
    "cache_creation_1h_input_tokens", "reasoning_output_tokens", "retry_attempt", "retrieval_calls", "agent_step",
)  # fmt: skip
NUMBER_FIELDS = ("gateway_cost_usd", "human_review_minutes")
BOOLEAN_FIELDS = ("is_fallback", "output_accepted")
CODE_FIELDS = ("operation", "environment", "route", "data_class", "run_status")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _hex_id(column: str, hex_length: int) -> str:
    base64_length = 4 * ((hex_length // 2 + 2) // 3)
    return (
        f"case when regexp_full_match({column}, '[0-9a-fA-F]{{{hex_length}}}') then lower({column})"
        f" when length({column}) = {base64_length} then lower(hex(try(from_base64({column}))))"
        f" else nullif({column}, '') end"
    )


def _locate_bad_line(path: Path) -> str:
    """The first line of a JSON-lines file that is not a JSON object (only run when DuckDB cannot read it)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    document = json.loads(line)
                except json.JSONDecodeError as error:
                    return f"{path}: line {number}: not JSON ({error.msg} at column {error.colno})"
                if not isinstance(document, dict):
                    return f"{path}: line {number}: not an OTLP export request (a JSON object)"
                spans = document.get("resourceSpans")
                if spans is not None and not isinstance(spans, list):
                    return f"{path}: line {number}: resourceSpans is not a list"
    except (OSError, EOFError, UnicodeDecodeError) as error:
        return f"{path}: cannot be read ({error})"
    return f"{path}: not OTLP JSON"


# Lines are read in pieces of about this size: DuckDB parses a whole vector of JSON lines at once, and OTLP
# lines (one export request each) run to megabytes, so reading a large file in one go needs several times its size
# in memory. DuckDB's read buffers are sized by maximum_object_size: it is fitted to the piece's longest line.
PIECE_BYTES = 128 * 2**20
MIN_OBJECT_BYTES = 16 * 2**20


def _pieces(path: Path, folder: Path) -> Iterator[tuple[Path, int]]:
    """The file's lines in pieces of about PIECE_BYTES, each written (uncompressed) as a file in `folder`, with
    the length of its longest line."""
    opener = gzip.open if path.name.endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            lines = iter(handle)
            while True:
                size, longest = 0, 0
                piece = folder / f"piece-{number + 1}.jsonl"
                with piece.open("wb") as out:
                    # Line by line, so that Python does not hold the piece in memory beside DuckDB.
                    for line in lines:
                        out.write(line)
                        size += len(line)
                        longest = max(longest, len(line))
                        if size >= PIECE_BYTES:
                            break
                if not size:
                    piece.unlink()
                    return
                number += 1
                yield piece, longest
                piece.unlink()
    except (OSError, EOFError) as error:
        raise LoadError(f"{path}: cannot be read ({error})") from error


def _read_piece(connection: duckdb.DuckDBPyConnection, source: Path, piece: Path, longest_line: int) -> None:
    object_bytes = max(MIN_OBJECT_BYTES, 1 << longest_line.bit_length())
    try:
        connection.execute(
            f"create or replace temp table otlp_lines as select resourceSpans from read_json({_literal(str(piece))},"
            f" format = 'newline_delimited', maximum_object_size = {object_bytes},"
            f" columns = {{'resourceSpans': '{RESOURCE_SPANS}'}})"
        )
    except (duckdb.InvalidInputException, duckdb.ConversionException, duckdb.IOException) as error:
        raise LoadError(_locate_bad_line(source)) from error


def _flatten_piece(connection: duckdb.DuckDBPyConnection, source: Path, fields: list[str]) -> None:
    """The spans of otlp_lines appended to otlp_spans, and the values of their attributes to otlp_values."""
    offset = connection.execute("select count(*) from otlp_spans").fetchone()[0]
    connection.execute(
        f"""
        create or replace temp table otlp_piece as
        with resources as (
            select unnest(resourceSpans) as resource_spans from otlp_lines
        ),
        scopes as (
            select
                resource_spans.resource.attributes as resource_attributes,
                unnest(resource_spans.scopeSpans) as scope_spans
            from resources
        ),
        spans as (
            select resource_attributes, scope_spans.scope.name as scope_name, unnest(scope_spans.spans) as span
            from scopes
        )
        select
            {offset} + row_number() over () as span_key,
            {_literal(str(source))} as filename,
            resource_attributes,
            scope_name,
            span.traceId as trace_id_received,
            span.spanId as span_id_received,
            span.parentSpanId as parent_span_id_received,
            span.name as span_name,
            span.startTimeUnixNano as start_ns,
            span.endTimeUnixNano as end_ns,
            span.attributes as span_attributes,
            span.status.code as status_code,
            span.status.message as status_message
        from spans
        """
    )
    connection.execute(
        "insert into otlp_spans by name select * exclude (resource_attributes, span_attributes) from otlp_piece"
    )
    pivots = ",\n".join(f"max(value) filter (where field = {_literal(name)}) as {name}" for name in fields)
    connection.execute(
        f"""
        insert into otlp_values by name
        with attributes as (
            select span_key, 1 as scope_rank, unnest(span_attributes) as attribute from otlp_piece
            union all
            select span_key, 2 as scope_rank, unnest(resource_attributes) as attribute from otlp_piece
        ),
        matched as (
            select
                attributes.span_key,
                attribute_keys.field,
                coalesce(
                    attribute.value.stringValue, attribute.value.intValue, attribute.value.doubleValue,
                    attribute.value.boolValue
                ) as value,
                attribute_keys.rank,
                attributes.scope_rank
            from attributes
            inner join attribute_keys on attributes.attribute.key = attribute_keys.attribute_key
        ),
        picked as (
            select span_key, field, arg_min(value, (rank, scope_rank)) as value
            from matched
            where value is not null
            group by span_key, field
        )
        select span_key, {pivots}
        from picked
        group by span_key
        """
    )


def load(
    connection: duckdb.DuckDBPyConnection, files: list[Path], mapping: Path | None, default_environment: str
) -> Loaded:
    keys = attribute_keys(mapping)
    connection.execute("create or replace temp table attribute_keys (field varchar, attribute_key varchar, rank int)")
    connection.executemany("insert into attribute_keys values (?, ?, ?)", keys)
    aliases = [(name, alias, value) for name, values in value_aliases().items() for alias, value in values.items()]
    connection.execute("create or replace temp table value_aliases (field varchar, alias varchar, value varchar)")
    connection.executemany("insert into value_aliases values (?, ?, ?)", aliases)
    fields = sorted({field for field, _, _ in keys if field.isidentifier()})
    connection.execute(
        """
        create or replace temp table otlp_spans (
            span_key bigint, filename varchar, scope_name varchar, trace_id_received varchar,
            span_id_received varchar, parent_span_id_received varchar, span_name varchar, start_ns varchar,
            end_ns varchar, status_code varchar, status_message varchar
        )
        """
    )
    columns = ", ".join(f"{name} varchar" for name in fields)
    connection.execute(f"create or replace temp table otlp_values (span_key bigint, {columns})")
    with tempfile.TemporaryDirectory(prefix="aifinops-otlp-") as folder:
        for path in files:
            for piece, longest_line in _pieces(path, Path(folder)):
                _read_piece(connection, path, piece, longest_line)
                _flatten_piece(connection, path, fields)
    connection.execute("drop table if exists otlp_piece")
    connection.execute("drop table if exists otlp_lines")

    def coded(name: str) -> str:
        normal = f"nullif(lower(trim(v.{name})), '')"
        return (
            f"coalesce((select value from value_aliases where field = {_literal(name)} and alias = {normal}), {normal})"
        )

    errors = [
        f"case when v.{name} is not null and try_cast(v.{name} as bigint) is null"
        f" then '{name} ' || v.{name} || ' is not an integer' end"
        for name in INTEGER_FIELDS
    ]
    errors += [
        f"case when v.{name} is not null and try_cast(v.{name} as double) is null"
        f" then '{name} ' || v.{name} || ' is not a number' end"
        for name in NUMBER_FIELDS
    ]
    errors += [
        "case when s.start_ns is not null and try_cast(s.start_ns as hugeint) is null"
        " then 'startTimeUnixNano ' || s.start_ns || ' is not a number' end",
        "case when s.end_ns is not null and try_cast(s.end_ns as hugeint) is null"
        " then 'endTimeUnixNano ' || s.end_ns || ' is not a number' end",
    ]
    environment = _literal(default_environment)
    operations = ", ".join(_literal(name) for name in INFERENCE_OPERATIONS)
    runs = ", ".join(_literal(name) for name in RUN_OPERATIONS)
    connection.execute(
        f"""
        create or replace temp view otlp_typed as
        select
            s.span_key,
            s.filename,
            s.span_name,
            s.scope_name,
            {_hex_id("s.trace_id_received", 32)} as trace_id,
            {_hex_id("s.span_id_received", 16)} as span_id,
            {_hex_id("s.parent_span_id_received", 16)} as parent_span_id,
            make_timestamp(cast(try_cast(s.start_ns as hugeint) // 1000 as bigint)) as started_at,
            make_timestamp(cast(try_cast(s.end_ns as hugeint) // 1000 as bigint)) as ended_at,
            s.status_code in ('2', 'STATUS_CODE_ERROR') as is_error_status,
            s.status_message,
            {coded("operation")} as operation,
            v.provider,
            v.request_model,
            v.response_model,
            v.error_type,
            v.conversation_id,
            v.response_id,
            v.application,
            coalesce({coded("environment")}, {environment}) as environment,
            v.team,
            v.project,
            v.workflow,
            v.workflow_run_id as workflow_run_id_attribute,
            v.api_key_id,
            v.task_type,
            v.customer_id,
            v.user_id,
            {coded("data_class")} as data_class,
            {coded("route")} as route,
            {coded("run_status")} as run_status,
            v.blocked_reason,
            {", ".join(f"try_cast(v.{name} as bigint) as {name}" for name in INTEGER_FIELDS)},
            {", ".join(f"try_cast(v.{name} as double) as {name}" for name in NUMBER_FIELDS)},
            {", ".join(f"try_cast(v.{name} as boolean) as {name}" for name in BOOLEAN_FIELDS)},
            nullif(concat_ws('; ', {", ".join(errors)}), '') as value_errors
        from otlp_spans as s
        left join otlp_values as v on s.span_key = v.span_key
        """
    )
    connection.execute(
        f"""
        create or replace temp table otlp_kinds as
        select
            *,
            case
                when operation in ({operations}) then 'call'
                when operation is null and (
                    request_model is not null or response_model is not null
                    or input_tokens is not null or output_tokens is not null
                ) then 'call'
                when operation = 'execute_tool' then 'tool'
                when operation in ({runs}) and workflow is not null then 'run'
                else 'other'
            end as span_kind
        from otlp_typed
        """
    )
    connection.execute(
        """
        create or replace temp table otlp_runs as
        select
            coalesce(workflow_run_id_attribute, span_id) as workflow_run_id,
            trace_id,
            span_key,
            workflow,
            team as requesting_team,
            environment,
            started_at,
            ended_at,
            coalesce(
                run_status, case when is_error_status or error_type is not null then 'failed' else 'completed' end
            ) as status,
            output_accepted,
            human_review_minutes,
            blocked_reason
        from otlp_kinds
        where span_kind = 'run'
        """
    )
    connection.execute(
        """
        create or replace temp table otlp_tool_counts as
        with calls as (
            select span_key, trace_id, span_id, started_at from otlp_kinds where span_kind = 'call'
        ),
        tools as (
            select span_key, trace_id, parent_span_id, started_at from otlp_kinds where span_kind = 'tool'
        ),
        by_parent as (
            select tools.span_key as tool_key, calls.span_key as call_key
            from tools inner join calls on tools.trace_id = calls.trace_id and tools.parent_span_id = calls.span_id
        ),
        orphans as (
            select * from tools where span_key not in (select tool_key from by_parent)
        ),
        by_time as (
            select orphans.span_key as tool_key, calls.span_key as call_key
            from orphans asof inner join calls
                on orphans.trace_id = calls.trace_id and orphans.started_at >= calls.started_at
        ),
        first_calls as (
            select trace_id, arg_min(span_key, started_at) as call_key from calls group by trace_id
        ),
        by_trace as (
            select orphans.span_key as tool_key, first_calls.call_key
            from orphans inner join first_calls on orphans.trace_id = first_calls.trace_id
            where orphans.span_key not in (select tool_key from by_time)
        ),
        assigned as (
            select * from by_parent union all select * from by_time union all select * from by_trace
        )
        select call_key, count(*) as tool_calls from assigned group by call_key
        """
    )
    connection.execute(
        """
        create or replace temp table otlp_requests as
        with calls as (
            select * from otlp_kinds where span_kind = 'call'
        ),
        runs_in_trace as (
            select calls.span_key, runs.workflow_run_id, runs.workflow
            from calls asof inner join otlp_runs as runs
                on calls.trace_id = runs.trace_id and calls.started_at >= runs.started_at
        )
        select
            coalesce(calls.trace_id, '') || '-' || coalesce(calls.span_id, 'span' || calls.span_key) as request_id,
            coalesce(calls.trace_id, calls.conversation_id) as trace_id,
            coalesce(calls.workflow_run_id_attribute, runs_in_trace.workflow_run_id) as workflow_run_id,
            calls.started_at,
            cast(date_diff('millisecond', calls.started_at, calls.ended_at) as bigint) as duration_ms,
            calls.provider,
            coalesce(calls.operation, 'chat') as operation,
            calls.request_model,
            calls.response_model,
            -- A failed call that reports no usage used none; an embedding has no output.
            case
                when calls.input_tokens is null and calls.output_tokens is null
                    and (calls.is_error_status or calls.error_type is not null) then 0
                else calls.input_tokens
            end as input_tokens,
            calls.cache_read_input_tokens,
            calls.cache_creation_input_tokens,
            calls.cache_creation_1h_input_tokens,
            case
                when calls.input_tokens is null and calls.output_tokens is null
                    and (calls.is_error_status or calls.error_type is not null) then 0
                when calls.operation = 'embeddings' then coalesce(calls.output_tokens, 0)
                else calls.output_tokens
            end as output_tokens,
            calls.reasoning_output_tokens,
            'otel' as usage_source,
            case when calls.is_error_status or calls.error_type is not null then 'error' else 'ok' end as status,
            coalesce(calls.error_type, case when calls.is_error_status then '_OTHER' end) as error_type,
            calls.retry_attempt,
            calls.is_fallback,
            coalesce(tool_counts.tool_calls, 0) as tool_calls,
            calls.retrieval_calls,
            calls.agent_step,
            calls.api_key_id,
            calls.application,
            calls.environment,
            calls.team,
            calls.project,
            coalesce(calls.workflow, runs_in_trace.workflow) as workflow,
            calls.task_type,
            calls.customer_id,
            calls.user_id,
            calls.data_class,
            calls.route,
            calls.gateway_cost_usd,
            json_object(
                'otel.span_name', calls.span_name, 'otel.scope', calls.scope_name,
                'gen_ai.conversation.id', calls.conversation_id, 'gen_ai.response.id', calls.response_id,
                'otel.status_message', calls.status_message
            ) as attributes,
            case when calls.value_errors is not null then
                calls.value_errors || ' (span ' || coalesce(calls.span_id, '?') || ' of trace '
                || coalesce(calls.trace_id, '?') || ' in ' || calls.filename || ')'
            end as load_error
        from calls
        left join runs_in_trace on calls.span_key = runs_in_trace.span_key
        left join otlp_tool_counts as tool_counts on calls.span_key = tool_counts.call_key
        """
    )
    connection.execute(
        """
        create or replace temp table otlp_workflow_runs as
        select
            workflow_run_id, workflow, requesting_team, environment, started_at, ended_at, status,
            output_accepted, human_review_minutes, blocked_reason
        from otlp_runs
        """
    )
    read = connection.execute("select count(*) from otlp_spans").fetchone()[0]
    others = dict(
        connection.execute(
            "select case span_kind when 'tool' then 'execute_tool spans (counted as tool calls)'"
            " when 'run' then 'workflow spans (written as workflow runs)'"
            " else 'spans of other operations' end, count(*)"
            " from otlp_kinds where span_kind != 'call' group by all"
        ).fetchall()
    )
    tables = {"llm_requests": "otlp_requests"}
    if connection.execute("select count(*) from otlp_workflow_runs").fetchone()[0]:
        tables["workflow_runs"] = "otlp_workflow_runs"
    return Loaded(tables, read, others)
