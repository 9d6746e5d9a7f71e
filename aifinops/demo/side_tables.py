"""The governance decision log and monthly AI SaaS seat snapshots."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pyarrow as pa

from aifinops.demo.telemetry import Period
from aifinops.demo.traffic import ScenarioDays

SUBSCRIPTIONS = (
    # subscription_id, vendor, product, owner_team, seats, price per seat, currency, active share
    ("sub_copilot", "GitHub", "Copilot Business", "dev_productivity", 180, 19.0, "USD", 0.86),
    ("sub_chatgpt", "OpenAI", "ChatGPT Enterprise", "platform_eng", 150, 60.0, "USD", 0.64),
    ("sub_cursor", "Anysphere", "Cursor Business", "dev_productivity", 60, 40.0, "USD", 0.9),
    ("sub_claude_team", "Anthropic", "Claude Team", "legal_contracts", 25, 30.0, "USD", 0.72),
    ("sub_notion_ai", "Notion", "Notion AI add-on", "marketing_content", 80, 10.0, "USD", 0.41),
    ("sub_deepl", "DeepL", "DeepL Pro Advanced", "customer_success", 40, 28.75, "EUR", 0.55),
    ("sub_gong", "Gong", "Gong AI seats", "sales_ops", 45, 25.0, "GBP", 0.93),
    ("sub_jasper", "Jasper", "Jasper Business", "marketing_content", 12, 69.0, "USD", 0.5),
)
# A licence nobody uses any more: no active seat from this month of the period on (still paid for).
ABANDONED = ("sub_jasper", 2)

EVENT_TYPES = (
    "budget_override",
    "model_exception",
    "alert_acknowledged",
    "alert_resolved",
    "routing_change",
)


def _at(period: Period, day: int, hour: int) -> datetime:
    return datetime.combine(period.day(day), time(hour, 15), tzinfo=UTC)


def governance_table(period: Period, days: ScenarioDays) -> pa.Table:
    loop_day, drift_start, spike_day = days.loop_day, days.drift_start, days.spike_day
    untag_from, release_day, verbose_day = days.untag_from, days.broken_release_day, days.verbose_output_day

    def event(
        day: int,
        hour: int,
        event_type: str,
        scope_type: str,
        scope_id: str,
        requested_by: str,
        approved_by: str | None,
        reason: str,
        alert_key: str | None = None,
        amount: float | None = None,
    ) -> dict:
        return {
            "occurred_at": _at(period, min(day, period.days - 1), hour),
            "event_type": event_type,
            "scope_type": scope_type,
            "scope_id": scope_id,
            "requested_by": requested_by,
            "approved_by": approved_by,
            "reason": reason,
            "alert_key": alert_key,
            "amount": amount,
        }

    # Alert keys name the anomaly they answer: rule:scope_type:scope_id:a day the anomaly was reported.
    loop_key = f"repeated_failed_runs:workflow:coding_agent:{period.day(loop_day).isoformat()}"
    spike_key = f"unexpected_weekend_usage:team:marketing_content:{period.day(spike_day).isoformat()}"
    drift_key = f"premium_model_drift:team:sales_ops:{period.day(drift_start + 7).isoformat()}"
    release_key = f"spend_without_accepted_outputs:workflow:invoice_extraction:{period.day(release_day).isoformat()}"
    verbose_key = f"high_output_input_ratio:workflow:call_summarisation:{period.day(verbose_day).isoformat()}"
    rows = [
        event(
            3,
            15,
            "model_exception",
            "workflow",
            "contract_review",
            "claire.dubois@acme.example",
            "cfo@acme.example",
            "Premium model required for clause-level legal review accuracy.",
        ),
        event(
            10,
            16,
            "routing_change",
            "task_type",
            "summarisation",
            "li.wei@acme.example",
            "li.wei@acme.example",
            "Default summarisation model moved to gemini-2.5-flash-lite for routine calls.",
        ),
        event(
            int(period.days * 0.25),
            14,
            "budget_override",
            "team",
            "dev_productivity",
            "sam.carter@acme.example",
            "cfo@acme.example",
            "Coding agent pilot extended to two more teams.",
            amount=6000.0,
        ),
        event(
            untag_from + 2,
            13,
            "alert_acknowledged",
            "workflow",
            "kb_rag_assistant",
            "tom.meyer@acme.example",
            None,
            "Team tag missing after ask-acme release 7.0; falling back to API key.",
            alert_key=f"untagged_traffic:workflow:kb_rag_assistant:{period.day(untag_from).isoformat()}",
        ),
        event(
            loop_day + 1,
            9,
            "alert_acknowledged",
            "workflow",
            "coding_agent",
            "sam.carter@acme.example",
            None,
            "Agent loop on flaky test suite; step limit being added.",
            alert_key=loop_key,
        ),
        event(
            loop_day + 3,
            11,
            "alert_resolved",
            "workflow",
            "coding_agent",
            "sam.carter@acme.example",
            "li.wei@acme.example",
            "Max 60 steps per run enforced in devbot 2.4.",
            alert_key=loop_key,
        ),
        event(
            drift_start + 9,
            10,
            "model_exception",
            "team",
            "sales_ops",
            "priya.raman@acme.example",
            None,
            "Requested claude-opus-4-6 for outbound emails (not approved).",
            alert_key=drift_key,
        ),
        event(
            drift_start + 12,
            16,
            "alert_acknowledged",
            "team",
            "sales_ops",
            "priya.raman@acme.example",
            None,
            "Premium drift under review with the routing owner.",
            alert_key=drift_key,
        ),
        event(
            spike_day + 2,
            9,
            "alert_acknowledged",
            "team",
            "marketing_content",
            "jon.berg@acme.example",
            None,
            "Weekend campaign regeneration job run by mistake.",
            alert_key=spike_key,
        ),
        event(
            spike_day + 2,
            17,
            "alert_resolved",
            "team",
            "marketing_content",
            "jon.berg@acme.example",
            "jon.berg@acme.example",
            "Scheduled job disabled on weekends.",
            alert_key=spike_key,
        ),
        event(
            release_day + 1,
            8,
            "alert_acknowledged",
            "workflow",
            "invoice_extraction",
            "ana.souza@acme.example",
            None,
            "Extractor 3.1 drops line items; reviewers reject every invoice.",
            alert_key=release_key,
        ),
        event(
            release_day + 1,
            15,
            "alert_resolved",
            "workflow",
            "invoice_extraction",
            "ana.souza@acme.example",
            "li.wei@acme.example",
            "Rolled back to extractor 3.0.",
            alert_key=release_key,
        ),
        event(
            verbose_day + 4,
            10,
            "alert_acknowledged",
            "workflow",
            "call_summarisation",
            "mia.jensen@acme.example",
            None,
            "Summary prompt lost its length limit; fix scheduled.",
            alert_key=verbose_key,
        ),
        event(
            int(period.days * 0.8),
            15,
            "budget_override",
            "department",
            "engineering",
            "li.wei@acme.example",
            "cfo@acme.example",
            "Quarter-end release crunch.",
            amount=12000.0,
        ),
        event(
            int(period.days * 0.85),
            12,
            "model_exception",
            "workflow",
            "variance_analyst",
            "grace.kim@acme.example",
            "cfo@acme.example",
            "o3 allowed for month-end close analysis.",
        ),
    ]
    for index, row in enumerate(rows):
        row["event_id"] = f"evt_{index + 1:05d}"
    columns = [
        "event_id",
        "occurred_at",
        "event_type",
        "scope_type",
        "scope_id",
        "requested_by",
        "approved_by",
        "reason",
        "alert_key",
        "amount",
    ]
    return pa.Table.from_pylist([{name: row[name] for name in columns} for row in rows], schema=GOVERNANCE_SCHEMA)


def subscriptions_table(rng: np.random.Generator, period: Period) -> pa.Table:
    months: list[date] = []
    month = period.start.replace(day=1)
    while month <= period.day(period.days - 1):
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    rows = []
    for index, month in enumerate(months):
        for subscription_id, vendor, product, team, seats, price, currency, active_share in SUBSCRIPTIONS:
            purchased = seats + 5 * (index // 2)
            active = int(purchased * min(1.0, active_share + rng.normal(0, 0.03)))
            if (subscription_id, min(index, ABANDONED[1])) == ABANDONED:
                active = 0
            rows.append(
                {
                    "subscription_id": subscription_id,
                    "vendor": vendor,
                    "product": product,
                    "owner_team": team,
                    "month": month,
                    "seats_purchased": purchased,
                    "seats_active": active,
                    "monthly_cost": round(purchased * price, 2),
                    "currency": currency,
                }
            )
    return pa.Table.from_pylist(rows, schema=SUBSCRIPTION_SCHEMA)


GOVERNANCE_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("occurred_at", pa.timestamp("us", tz="UTC")),
        ("event_type", pa.string()),
        ("scope_type", pa.string()),
        ("scope_id", pa.string()),
        ("requested_by", pa.string()),
        ("approved_by", pa.string()),
        ("reason", pa.string()),
        ("alert_key", pa.string()),
        ("amount", pa.float64()),
    ]
)
SUBSCRIPTION_SCHEMA = pa.schema(
    [
        ("subscription_id", pa.string()),
        ("vendor", pa.string()),
        ("product", pa.string()),
        ("owner_team", pa.string()),
        ("month", pa.date32()),
        ("seats_purchased", pa.int64()),
        ("seats_active", pa.int64()),
        ("monthly_cost", pa.float64()),
        ("currency", pa.string()),
    ]
)
