"""A corpus of hostile raw rows for every raw table: for each column, values of the wrong type, nulls, negatives,
out-of-range values, wrong codes, Unicode and control characters and SQL metacharacters, each with what the
warehouse must do with the row (the rejection reason, or None when the row is valid and must be kept as written).

Each row is a copy of a valid demo row with one defect (its own id, so it is found again). Most rows are written in
the contract's Parquet types; the rows of `TEXT_COLUMNS` cases go to a second file in which those columns are text,
as a loader that writes everything as strings would (the build reads the whole column by a safe cast then). The
counts of the retries and tool calls are written as 64-bit integers, so a value beyond 32 bits can be stored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

BIG = 2**40
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FUTURE = datetime(2031, 6, 1, tzinfo=UTC)
SQL = "x'); drop table raw.llm_requests; --"
UNICODE = "Ünïcødé 東京 🚀 \u202eevil"
CONTROL = "tab\tnew\nline\rbell\x07esc\x1bnul\x00end"


@dataclass(frozen=True)
class Case:
    column: str
    value: object
    expected: str | None  # the rejection reason; None: kept, with the value as written
    as_text: bool = False  # written in the file whose TEXT_COLUMNS are text
    also: dict = field(default_factory=dict)  # other columns changed with it (a defect needing two)


def _t(column: str, value: str, expected: str | None) -> Case:
    return Case(column, value, expected, as_text=True)


REQUEST_CASES = [
    Case("request_id", None, "missing_request_id"),
    Case("request_id", "   ", "missing_request_id"),
    Case("request_id", SQL, None),
    Case("request_id", UNICODE, None),
    Case("request_id", CONTROL, None),
    Case("trace_id", SQL, None),
    Case("workflow_run_id", "", None),
    Case("started_at", None, "missing_timestamp"),
    Case("started_at", EPOCH, "before_earliest_date"),
    Case("started_at", FUTURE, "future_timestamp"),
    _t("started_at", "not a timestamp", "unreadable_value"),
    _t("started_at", "2026-01-10T10:00:00Z", None),
    Case("duration_ms", -5, "negative_duration"),
    _t("duration_ms", "fast", "unreadable_value"),
    _t("duration_ms", "1200", None),
    Case("provider", None, None),  # found from the model name, as genai-prices does
    Case("provider", "", None),  # the same name as a null provider: one match, the call counted once
    Case("provider", "Ö" + SQL, None),  # kept, unpriced, in price_gaps
    Case("provider", " OpenAI ", None),
    Case("operation", "rerank", "unknown_operation"),
    Case("operation", None, None),
    Case("request_model", None, "missing_model", also={"response_model": None}),
    Case("request_model", "gpt-9-ultra", None, also={"response_model": None}),  # kept, unpriced
    Case("response_model", UNICODE, None),
    Case("input_tokens", None, "null_tokens"),
    Case("input_tokens", -1, "negative_tokens"),
    Case("input_tokens", BIG, "implausible_tokens"),
    Case("input_tokens", 2**63 - 1, "implausible_tokens"),
    _t("input_tokens", "many", "unreadable_value"),
    _t("input_tokens", "1e400", "unreadable_value"),
    Case("cache_read_input_tokens", -1, "negative_tokens"),
    Case("cache_read_input_tokens", BIG, "cache_tokens_exceed_input"),
    Case("cache_creation_input_tokens", -7, "negative_tokens"),
    Case("cache_creation_1h_input_tokens", -1, "negative_tokens"),
    Case("cache_creation_1h_input_tokens", BIG, "cache_tokens_exceed_input"),
    Case("output_tokens", None, "null_tokens"),
    Case("output_tokens", -1, "negative_tokens"),
    Case("output_tokens", BIG, "implausible_tokens"),
    Case("reasoning_output_tokens", -1, "negative_tokens"),
    Case("reasoning_output_tokens", BIG, "reasoning_tokens_exceed_output"),
    Case("usage_source", "carrier_pigeon", "unknown_usage_source"),
    Case("usage_source", " OTEL ", None),
    Case("usage_source", "", None),  # the contract's convention, like null
    Case("status", "maybe", "invalid_status"),
    Case("status", None, "invalid_status"),
    Case("status", " OK ", None),
    Case("error_type", CONTROL, None),
    Case("retry_attempt", -1, "negative_count"),
    Case("retry_attempt", 20_000, "implausible_count"),
    Case("retry_attempt", BIG, "unreadable_value"),  # beyond the contract's 32-bit integer
    _t("is_fallback", "perhaps", "unreadable_value"),
    _t("is_fallback", "true", None),
    Case("tool_calls", -3, "negative_count"),
    Case("tool_calls", 50_000, "implausible_count"),
    Case("retrieval_calls", -1, "negative_count"),
    Case("agent_step", -1, "negative_count"),
    Case("api_key_id", SQL, None),
    Case("application", UNICODE, None),
    Case("environment", "prod", "unknown_environment"),
    Case("environment", None, "unknown_environment"),
    Case("environment", " PRODUCTION ", None),
    Case("team", SQL, None),
    Case("project", UNICODE, None),
    Case("workflow", "crystal_ball", "unknown_workflow"),
    Case("task_type", "astrology", None),
    Case("customer_id", UNICODE, None),
    Case("user_id", CONTROL, None),
    Case("data_class", "secret", "unknown_data_class"),
    Case("route", "cheap", "unknown_route"),
    Case("route", None, None),
    Case("gateway_cost_usd", math.nan, "invalid_gateway_cost"),
    Case("gateway_cost_usd", math.inf, "invalid_gateway_cost"),
    Case("gateway_cost_usd", -0.5, "invalid_gateway_cost"),
    _t("gateway_cost_usd", "$0.01", "unreadable_value"),
    Case("attributes", '{"a": ', "unparseable_attributes"),
    Case("attributes", '{"note": "' + UNICODE + '"}', None),
    Case("request_count", 0, "invalid_request_count"),
    Case("request_count", 2, "invalid_request_count"),
    Case("request_count", 1, None),
    Case("fidelity", "sampled", "unknown_fidelity"),
    Case("fidelity", " Request ", None),
    # An aggregate row on a day the demo's per-request calls of its provider cover: the same traffic again.
    Case("fidelity", "aggregate", "aggregate_covered_by_requests", also={"request_count": 3}),
    Case("load_error", "input_tokens 'abc' is not an integer (f.jsonl: line 3)", "unmappable_record"),
    Case("load_error", UNICODE, "unmappable_record"),
]

RUN_CASES = [
    Case("workflow_run_id", None, "missing_workflow_run_id"),
    Case("workflow_run_id", SQL, None),
    Case("workflow", "crystal_ball", "unknown_workflow"),
    Case("workflow", None, "unknown_workflow"),
    Case("requesting_team", "ghost_team", "unknown_team"),
    Case("requesting_team", SQL, "unknown_team"),
    Case("environment", "prod", "unknown_environment"),
    Case("environment", None, None),
    Case("started_at", None, "missing_timestamp"),
    Case("started_at", EPOCH, "before_earliest_date"),
    Case("started_at", FUTURE, "future_timestamp", also={"ended_at": None}),
    _t("started_at", "yesterday", "unreadable_value"),
    Case("ended_at", EPOCH.replace(year=2020), "ended_before_started"),
    Case("ended_at", FUTURE, "future_timestamp"),
    Case("status", "paused", "invalid_status"),
    Case("status", None, "invalid_status"),
    _t("output_accepted", "perhaps", "unreadable_value"),
    _t("output_accepted", "false", None),
    Case("human_review_minutes", math.nan, "non_finite_number"),
    Case("human_review_minutes", -math.inf, "non_finite_number"),
    Case("human_review_minutes", -3.0, "negative_review_minutes"),
    Case("human_review_minutes", 1e9, "implausible_review_minutes"),
    _t("human_review_minutes", "ten", "unreadable_value"),
    Case("blocked_reason", UNICODE, None),
]

BILLING_CASES = [
    Case("BillingAccountId", None, "missing_billing_account"),
    Case("BillingAccountName", SQL, None),
    Case("ChargePeriodStart", None, "missing_charge_period"),
    Case("ChargePeriodEnd", None, "missing_charge_period"),
    Case("ChargePeriodStart", EPOCH, "before_earliest_date"),
    Case("ChargePeriodStart", FUTURE, "future_timestamp", also={"ChargePeriodEnd": FUTURE}),
    Case("ChargePeriodEnd", EPOCH.replace(year=2021), "charge_period_ends_before_start"),
    _t("ChargePeriodStart", "last month", "unreadable_value"),
    Case("BilledCost", None, "missing_billed_cost"),
    Case("BilledCost", math.nan, "non_finite_number"),
    Case("BilledCost", math.inf, "non_finite_number"),
    _t("BilledCost", "12,50", "unreadable_value"),
    Case("EffectiveCost", -math.inf, "non_finite_number"),
    Case("ConsumedQuantity", math.nan, "non_finite_number"),
    # A provider the alias seed does not know: kept, unattributed.
    Case("ProviderName", "Acme Cloud AI", None, also={"ServiceProviderName": None}),
    Case("ProviderName", "Acme Hosting", None, also={"ServiceCategory": "Compute", "ServiceProviderName": None}),
    Case("ProviderName", None, "missing_provider", also={"ServiceProviderName": None}),
    Case("ProviderName", None, None, also={"ServiceProviderName": "Acme Cloud AI"}),  # FOCUS 1.3 names it so
    Case("BillingCurrency", "XYZ", "unknown_currency"),
    Case("BillingCurrency", None, "unknown_currency"),
    Case("ChargeCategory", "Refund", "unknown_charge_category"),
    Case("ChargeCategory", None, "unknown_charge_category"),
    Case("ChargeDescription", UNICODE + SQL + CONTROL, None),
    Case("BillingPeriodStart", None, None),
    _t("BillingPeriodStart", "Q1", "unreadable_value"),
    Case("BillingPeriodEnd", None, None),
    Case("ChargeClass", "Correction", None),
    Case("ChargeFrequency", UNICODE, None),
    Case("ConsumedUnit", SQL, None),
    Case("ContractedCost", math.nan, "non_finite_number"),
    Case("InvoiceId", None, None),
    Case("InvoiceIssuerName", UNICODE, None),
    Case("ListCost", math.inf, "non_finite_number"),
    Case("ListUnitPrice", math.nan, "non_finite_number"),
    Case("PricingQuantity", -math.inf, "non_finite_number"),
    Case("PricingUnit", CONTROL, None),
    Case("PublisherName", SQL, None),
    Case("ServiceProviderName", UNICODE, None),
    Case("HostProviderName", SQL, None),
    Case("SkuMeter", UNICODE + SQL + CONTROL, None),
    Case("SkuPriceDetails", '{"ModelId": ', None),  # broken JSON: no model read from it, the line kept
    Case("SkuPriceDetails", '{"ModelId": "' + SQL + '"}', None),
    Case("SkuPriceId", SQL, None),
    Case("x_SkuMeterName", CONTROL, None),
    Case("x_SkuMeterCategory", UNICODE, None),
    Case("x_UsageType", SQL, None),
    Case("x_Operation", None, None),
    Case("ServiceCategory", "Compute", None),
    Case("ServiceName", UNICODE, None),
    Case("ServiceSubcategory", None, None),
    Case("SkuId", SQL, None),
    Case("Tags", '{"broken', None),
    Case("x_Model", UNICODE, None),
    Case("x_TokenType", "vibes", None),
]

GOVERNANCE_CASES = [
    Case("event_id", None, "missing_event_id"),
    Case("event_id", SQL, None),
    Case("occurred_at", None, "missing_timestamp"),
    Case("occurred_at", EPOCH, "before_earliest_date"),
    Case("occurred_at", FUTURE, "future_timestamp"),
    _t("occurred_at", "soon", "unreadable_value"),
    Case("event_type", "vibe_check", "unknown_event_type"),
    Case("event_type", None, "unknown_event_type"),
    Case("amount", math.nan, "non_finite_number"),
    _t("amount", "lots", "unreadable_value"),
    Case("reason", UNICODE + CONTROL, None),
    Case("alert_key", SQL, None),
    Case("approved_by", UNICODE, None),
    Case("requested_by", SQL, None),
    Case("scope_id", CONTROL, None),
    Case("scope_type", "galaxy", None),
]

SUBSCRIPTION_CASES = [
    Case("subscription_id", None, "missing_key"),
    Case("month", None, "missing_key"),
    Case("month", date(1970, 1, 1), "before_earliest_date"),
    Case("month", date(2031, 1, 1), "future_timestamp"),
    _t("month", "June", "unreadable_value"),
    Case("seats_purchased", None, "missing_seats"),
    Case("seats_active", -4, "negative_seats"),
    _t("seats_active", "ten", "unreadable_value"),
    Case("monthly_cost", None, "missing_cost"),
    Case("monthly_cost", math.nan, "non_finite_number"),
    Case("monthly_cost", -5.0, "negative_cost"),
    Case("currency", "ZZZ", "unknown_currency"),
    Case("owner_team", "ghost_team", "unknown_team"),
    Case("vendor", UNICODE + SQL, None),
    Case("product", None, "missing_product"),
    Case("vendor", " ", "missing_product"),
]


@dataclass(frozen=True)
class TableSpec:
    cases: list[Case]
    key: str  # the raw column that names a corpus row (its own id), found again in staging and quarantine
    key_model: str  # that column's name in the staging and quarantine models
    kept_model: str  # where kept rows are counted
    duplicate_reason: str | None  # a copy of a kept row's key gets it
    # Raw columns checked to be kept as written, with their staged names.
    preserved: dict[str, str]
    # Columns written as text in the second file (the contract has another type for each).
    text_columns: tuple[str, ...]
    # Columns written as 64-bit integers (the contract's 32-bit counts).
    wide_columns: tuple[str, ...] = ()
    # Other columns given the row's key, so the copy is not a duplicate of the row it was made from.
    also_keys: tuple[str, ...] = ()


SPECS = {
    "llm_requests": TableSpec(
        REQUEST_CASES,
        "request_id",
        "request_id",
        "fct_llm_requests",
        "duplicate_request_id",
        {"request_id": "request_id", "trace_id": "trace_id", "api_key_id": "api_key_id", "application": "application"}
        | {"customer_id": "customer_id", "user_id": "user_id"},
        ("started_at", "duration_ms", "input_tokens", "is_fallback", "gateway_cost_usd"),
        ("retry_attempt", "tool_calls"),
    ),
    "workflow_runs": TableSpec(
        RUN_CASES,
        "workflow_run_id",
        "workflow_run_id",
        "stg_telemetry__workflow_runs",
        "duplicate_workflow_run_id",
        {"workflow_run_id": "workflow_run_id"},
        ("started_at", "output_accepted", "human_review_minutes"),
    ),
    "billing_focus": TableSpec(
        BILLING_CASES,
        "InvoiceId",
        "invoice_id",
        "stg_focus__billing_focus",
        None,
        {"ChargeDescription": "charge_description", "BillingAccountName": "billing_account_name"},
        ("ChargePeriodStart", "BilledCost", "BillingPeriodStart"),
    ),
    "governance_events": TableSpec(
        GOVERNANCE_CASES,
        "event_id",
        "event_id",
        "stg_governance__governance_events",
        "duplicate_event_id",
        {"event_id": "event_id", "reason": "reason", "alert_key": "alert_key"},
        ("occurred_at", "amount"),
    ),
    "ai_subscriptions": TableSpec(
        SUBSCRIPTION_CASES,
        "product",
        "product",
        "stg_saas__ai_subscriptions",
        "duplicate_subscription_month",
        {"vendor": "vendor"},
        ("month", "seats_active"),
        also_keys=("subscription_id",),
    ),
}


@dataclass
class CorpusRow:
    table: str
    key: str | None  # None when the case empties the key column itself
    case: Case
    row: dict


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _valid_base_rows(table: str, frame: pa.Table) -> list[dict]:
    """Rows of the clean demo that every check keeps (errors without tokens and other edge rows included)."""
    rows = frame.to_pylist()
    if table == "llm_requests":  # a call with a run whose outcome event exists, on a catalogued model
        rows = [row for row in rows if row["workflow_run_id"] and row["status"] == "ok" and row["input_tokens"] > 0]
    if table == "billing_focus":  # AI usage lines (a line of another service is kept whatever its provider)
        rows = [
            row
            for row in rows
            if row["ChargeCategory"] == "Usage" and row["ServiceCategory"] == "AI and Machine Learning"
        ]
    return rows


def write_corpus(raw: Path) -> list[CorpusRow]:
    """Append the corpus to the raw folder (two files per table) and return each row with what must become of it."""
    corpus: list[CorpusRow] = []
    for table, spec in SPECS.items():
        files = sorted((raw / table).glob("*.parquet"))
        frame = pa.concat_tables([pq.read_table(path) for path in files])
        base = _valid_base_rows(table, frame)
        typed: list[dict] = []
        text: list[dict] = []
        for index, case in enumerate(spec.cases):
            row = dict(base[(index * 7919) % len(base)])
            key = f"hostile_{table}_{index:03d}"
            for column in (spec.key, *spec.also_keys):
                row[column] = key
            row.update(case.also)
            row[case.column] = case.value
            (text if case.as_text else typed).append(row)
            named = row[spec.key] if isinstance(row[spec.key], str) and row[spec.key].strip() else None
            corpus.append(CorpusRow(table, named, case, row))
        if spec.duplicate_reason:  # a second copy of a kept row: same key, later, so the first stays kept
            original = dict(base[1])
            typed.append(dict(original))
            duplicate = Case(spec.key, original[spec.key], spec.duplicate_reason)
            corpus.append(CorpusRow(table, None, duplicate, original))
        # Optional contract columns the demo does not write (cache_creation_1h_input_tokens, usage_source) are
        # added for the rows that set them; the other rows leave them null.
        absent = sorted({case.column for case in spec.cases} - set(frame.schema.names))
        extra = [
            pa.field(
                name,
                pa.int64() if any(isinstance(c.value, int) for c in spec.cases if c.column == name) else pa.string(),
            )
            for name in absent
        ]
        typed_schema = pa.schema(
            [pa.field(f.name, pa.int64() if f.name in spec.wide_columns else f.type) for f in frame.schema] + extra
        )
        pq.write_table(pa.Table.from_pylist(typed, schema=typed_schema), raw / table / "hostile_typed.parquet")
        text_schema = pa.schema(
            [pa.field(f.name, pa.string() if f.name in spec.text_columns else f.type) for f in frame.schema] + extra
        )
        for row in text:
            for column in spec.text_columns:
                row[column] = _text(row[column])
        pq.write_table(pa.Table.from_pylist(text, schema=text_schema), raw / table / "hostile_text.parquet")
    return corpus
