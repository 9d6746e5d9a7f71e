"""Turn generated columns into Arrow tables with the raw contract's column names and types."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aifinops.demo.catalogue import PROFILES, PROVIDER_SPELLINGS, RESPONSE_MODEL_NAMES
from aifinops.demo.telemetry import BLOCKED_REASONS, ENVIRONMENTS, ERROR_TYPES, RUN_STATUSES, Company

TIMESTAMP = pa.timestamp("us", tz="UTC")
ATTRIBUTES = [
    '{"gen_ai.request.temperature": 0.2, "app.version": "4.2.1", "gen_ai.request.max_tokens": 2048}',
    '{"gen_ai.request.temperature": 0.0, "app.version": "4.2.1"}',
    '{"gen_ai.request.temperature": 0.7, "app.version": "4.3.0", "prompt.template": "v12"}',
    '{"app.version": "4.3.0", "gateway.region": "us-east-1"}',
    '{"app.version": "4.3.0", "gateway.region": "eu-west-1", "gen_ai.request.top_p": 0.9}',
    '{"gen_ai.request.temperature": 1.0, "prompt.template": "v13", "feature_flag": "long-context"}',
    "{}",
]
DATA_CLASS = {profile.workflow_id: profile.data_class for profile in PROFILES}


def dictionary(codes: np.ndarray, values: list[str]) -> pa.Array:
    """A dictionary-encoded string column; negative codes are nulls."""
    codes = np.asarray(codes, dtype=np.int32)
    indices = pa.array(codes, mask=codes < 0)
    return pa.DictionaryArray.from_arrays(indices, pa.array(values, pa.string()))


def prefixed_ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    text = pc.utf8_lpad(pa.array(numbers).cast(pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(pa.scalar(prefix), text, "")


def timestamps(micros: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(micros, type=pa.int64(), mask=mask).cast(TIMESTAMP)


def requests_table(
    rng: np.random.Generator,
    company: Company,
    requests: dict[str, np.ndarray],
    run_ids: pa.Array,
    gateway_estimate: np.ndarray,
) -> pa.Table:
    """Telemetry rows (only the calls that reached the log), ordered by start time."""
    vocab = company.vocab
    logged = np.flatnonzero(requests["in_telemetry"])
    order = logged[np.argsort(requests["started_us"][logged], kind="stable")]
    columns = {key: value[order] for key, value in requests.items()}
    gateway_estimate = gateway_estimate[order]
    n = len(order)

    spellings = [name for provider in vocab.providers for name in PROVIDER_SPELLINGS[provider]]
    provider_spelling = columns["provider"] * 4 + rng.choice(4, size=n, p=[0.4, 0.3, 0.2, 0.1])
    models = vocab.models
    response_names = [RESPONSE_MODEL_NAMES.get(model, model) for model in models]
    errored = columns["error_type"] >= 0
    response_model = np.where(errored & (columns["input_tokens"] == 0), -1, columns["model"])
    has_run = columns["run_key"] >= 0
    run_key = np.where(has_run, columns["run_key"], 0)
    trace_numbers = np.where(has_run, columns["run_key"], 10_000_000_000 + np.arange(n))
    data_classes = ["public", "internal", "confidential", "restricted"]
    workflow_class = np.array([data_classes.index(DATA_CLASS[workflow]) for workflow in vocab.workflows])
    data_class = np.where(columns["workflow"] >= 0, workflow_class[np.maximum(columns["workflow"], 0)], 1)
    # A quarter of the calls bypass the gateway, so they carry no gateway estimate.
    gateway = np.where(rng.random(n) < 0.75, np.round(gateway_estimate, 6), np.nan)

    return pa.table(
        {
            "request_id": prefixed_ids("req_", np.arange(n), 10),
            "trace_id": prefixed_ids("tr_", trace_numbers, 11),
            "workflow_run_id": pc.if_else(
                pa.array(has_run), run_ids.take(pa.array(run_key)), pa.scalar(None, pa.string())
            ),
            "started_at": timestamps(columns["started_us"]),
            "duration_ms": pa.array(columns["duration_ms"], pa.int64()),
            "provider": dictionary(provider_spelling, spellings),
            "operation": dictionary(columns["is_embedding"].astype(np.int64), ["chat", "embeddings"]),
            "request_model": dictionary(columns["model"], models),
            "response_model": dictionary(response_model, response_names),
            "input_tokens": pa.array(columns["input_tokens"], pa.int64()),
            "cache_read_input_tokens": pa.array(columns["cache_read"], pa.int64()),
            "cache_creation_input_tokens": pa.array(columns["cache_write"], pa.int64()),
            # The demo's cache writes all have the 5-minute lifetime; its counts follow the contract's convention.
            "cache_creation_1h_input_tokens": pa.array(np.zeros(n, dtype=np.int64)),
            "output_tokens": pa.array(columns["output_tokens"], pa.int64()),
            "reasoning_output_tokens": pa.array(columns["reasoning_tokens"], pa.int64()),
            "usage_source": pa.nulls(n, pa.string()),
            "status": dictionary(errored.astype(np.int64), ["ok", "error"]),
            "error_type": dictionary(columns["error_type"], list(ERROR_TYPES)),
            "retry_attempt": pa.array(columns["retry_attempt"], pa.int32()),
            "is_fallback": pa.array(columns["is_fallback"]),
            "tool_calls": pa.array(columns["tool_calls"], pa.int32()),
            "retrieval_calls": pa.array(columns["retrieval_calls"], pa.int32()),
            "agent_step": pa.array(columns["agent_step"], pa.int32()),
            "api_key_id": dictionary(columns["api_key"], vocab.api_keys),
            "application": dictionary(columns["application"], vocab.applications),
            "environment": dictionary(columns["environment"], list(ENVIRONMENTS)),
            "team": dictionary(columns["team"], vocab.teams),
            "project": dictionary(
                np.where(columns["workflow"] >= 0, columns["workflow"], -1), [f"prj-{w}" for w in vocab.workflows]
            ),
            "workflow": dictionary(columns["workflow"], vocab.workflows),
            "task_type": dictionary(columns["task_type"], vocab.task_types),
            "customer_id": dictionary(columns["customer_seed"], [f"cust_{i:05d}" for i in range(5000)]),
            "user_id": dictionary(columns["user_seed"], [f"user_{i:04d}" for i in range(400)]),
            "data_class": dictionary(data_class, data_classes),
            "route": dictionary(columns["route"], ["standard", "batch"]),
            "gateway_cost_usd": pa.array(gateway, pa.float64(), from_pandas=True),
            "attributes": dictionary(rng.integers(0, len(ATTRIBUTES), n), ATTRIBUTES),
            # Every demo row is one call of per-request telemetry that mapped cleanly.
            "request_count": pa.array(np.ones(n, dtype=np.int64)),
            "fidelity": dictionary(np.zeros(n, dtype=np.int64), ["request"]),
            "load_error": pa.nulls(n, pa.string()),
        }
    )


def runs_table(company: Company, runs: dict[str, np.ndarray]) -> tuple[pa.Table, pa.Array]:
    """Workflow runs ordered by start, and the run id of every run key."""
    order = np.argsort(runs["started_us"], kind="stable")
    ids_in_order = prefixed_ids("run_", np.arange(len(order)), 9)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    run_ids = ids_in_order.take(pa.array(rank))
    r = {key: value[order] for key, value in runs.items()}
    accepted = r["output_accepted"]
    table = pa.table(
        {
            "workflow_run_id": ids_in_order,
            "workflow": dictionary(r["workflow"], company.vocab.workflows),
            "requesting_team": dictionary(r["requesting_team"], company.vocab.teams),
            "environment": dictionary(r["environment"], list(ENVIRONMENTS)),
            "started_at": timestamps(r["started_us"]),
            "ended_at": timestamps(r["ended_us"]),
            "status": dictionary(r["status"], list(RUN_STATUSES)),
            "output_accepted": pa.array(accepted == 1, mask=accepted < 0),
            "human_review_minutes": pa.array(r["human_review_minutes"], pa.float64()),
            "blocked_reason": dictionary(r["blocked_reason"], list(BLOCKED_REASONS)),
        }
    )
    return table, run_ids
