"""A corpus of malformed rows mixed into the raw tables, with the quarantine reason each must get.

Each malformed row has exactly one defect, so the expected count per reason is known in advance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa

Mutation = Callable[[dict], None]
FUTURE = datetime(2031, 1, 1, 12, 0, tzinfo=UTC)


def _set(**values: object) -> Mutation:
    def apply(row: dict) -> None:
        row.update(values)

    return apply


REQUEST_DEFECTS: dict[str, tuple[int, Mutation]] = {
    "missing_request_id": (10, _set(request_id=None)),
    "missing_timestamp": (15, _set(started_at=None)),
    "future_timestamp": (15, _set(started_at=FUTURE)),
    "missing_model": (10, _set(request_model=None, response_model=None)),
    "null_tokens": (15, _set(input_tokens=None)),
    "negative_tokens": (15, _set(output_tokens=-42)),
    "cache_tokens_exceed_input": (10, lambda row: row.update(cache_read_input_tokens=(row["input_tokens"] or 0) + 500)),
    "invalid_status": (10, _set(status="maybe")),
    "unparseable_attributes": (15, _set(attributes='{"gen_ai.request.temperature": 0.2, "app.version": ')),
}
RUN_DEFECTS: dict[str, tuple[int, Mutation]] = {
    "missing_workflow_run_id": (5, _set(workflow_run_id=None)),
    "missing_timestamp": (5, _set(started_at=None)),
    "unknown_workflow": (5, _set(workflow="crystal_ball")),
    "invalid_status": (5, _set(status="paused")),
    "ended_before_started": (
        5,
        lambda row: row.update(ended_at=row["started_at"].replace(year=row["started_at"].year - 1)),
    ),
    "negative_review_minutes": (5, _set(human_review_minutes=-3.0)),
}
BILLING_DEFECTS: dict[str, tuple[int, Mutation]] = {
    "unknown_currency": (4, _set(BillingCurrency="XYZ")),
    "missing_provider": (
        4,
        _set(ProviderName=None, ServiceProviderName=None, HostProviderName=None, PublisherName=None),
    ),
    "missing_charge_period": (4, _set(ChargePeriodStart=None)),
    "missing_billed_cost": (4, _set(BilledCost=None)),
}
GOVERNANCE_DEFECTS: dict[str, tuple[int, Mutation]] = {
    "missing_timestamp": (2, _set(occurred_at=None)),
    "unknown_event_type": (2, _set(event_type="vibe_check")),
}
SUBSCRIPTION_DEFECTS: dict[str, tuple[int, Mutation]] = {
    "negative_seats": (2, _set(seats_active=-4)),
    "unknown_currency": (2, _set(currency="ZZZ")),
}


def _corrupt(
    rng: np.random.Generator,
    table: pa.Table,
    defects: dict[str, tuple[int, Mutation]],
    key: str | None,
    prefix: str,
    duplicates: int,
    duplicate_reason: str,
) -> tuple[pa.Table, Counter]:
    expected: Counter = Counter()
    bad_rows: list[dict] = []
    sample_size = sum(count for count, _ in defects.values()) + duplicates
    picks = rng.choice(table.num_rows, size=min(sample_size, table.num_rows), replace=False)
    sample = table.take(pa.array(np.sort(picks))).to_pylist()
    cursor = 0
    for reason, (count, mutate) in defects.items():
        for _ in range(count):
            row = dict(sample[cursor % len(sample)])
            cursor += 1
            if key:
                row[key] = f"{prefix}{cursor:05d}"
            mutate(row)
            bad_rows.append(row)
            expected[reason] += 1
    if key and duplicates:
        for row in sample[cursor : cursor + duplicates]:
            bad_rows.append(dict(row))
            expected[duplicate_reason] += 1
    bad = pa.Table.from_pylist(bad_rows, schema=_plain_schema(table.schema))
    return pa.concat_tables([_plain(table), bad]), expected


def _plain_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema(
        [pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in schema]
    )


def _plain(table: pa.Table) -> pa.Table:
    return table.cast(_plain_schema(table.schema))


def add_malformed_rows(
    rng: np.random.Generator, tables: dict[str, pa.Table]
) -> tuple[dict[str, pa.Table], dict[str, dict[str, int]]]:
    """Return the tables with malformed rows appended, and the expected quarantine count per table and reason."""
    specs = {
        "llm_requests": (REQUEST_DEFECTS, "request_id", "req_dirty_", 40, "duplicate_request_id"),
        "workflow_runs": (RUN_DEFECTS, "workflow_run_id", "run_dirty_", 10, "duplicate_workflow_run_id"),
        "billing_focus": (BILLING_DEFECTS, None, "", 0, ""),
        "governance_events": (GOVERNANCE_DEFECTS, "event_id", "evt_dirty_", 2, "duplicate_event_id"),
        "ai_subscriptions": (SUBSCRIPTION_DEFECTS, None, "", 0, ""),
    }
    out: dict[str, pa.Table] = dict(tables)
    expected: dict[str, dict[str, int]] = {}
    for name, (defects, key, prefix, duplicates, duplicate_reason) in specs.items():
        out[name], counts = _corrupt(rng, tables[name], defects, key, prefix, duplicates, duplicate_reason)
        expected[name] = dict(counts)
    return out, expected
