"""python -m aifinops.demo: write the raw contract's tables as Parquet, deterministic from a seed."""

from __future__ import annotations

import argparse
import json
import shutil
import time
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from aifinops.demo.billing import billing_table
from aifinops.demo.catalogue import PRIVATE_PRICES, read_seed
from aifinops.demo.dirty import add_malformed_rows
from aifinops.demo.pricing import PriceBook, component_costs
from aifinops.demo.raw_tables import requests_table, runs_table
from aifinops.demo.side_tables import ABANDONED, governance_table, subscriptions_table
from aifinops.demo.telemetry import SCENARIO_CODES, Period
from aifinops.demo.traffic import UNMAPPED_KEY, ScenarioDays, build_company, generate_traffic

RAW_TABLES = ("llm_requests", "workflow_runs", "billing_focus", "governance_events", "ai_subscriptions")
# Rows per Parquet row group (DuckDB's own default): the unit DuckDB skips by its min/max statistics, so an
# incremental build reading the last days of time-ordered files decodes at most one such group before its window.
# pyarrow's default, 1Mi rows, is about 19 days of calls at 10M a half-year (docs/scale.md: the window's scan of
# every column took 0.15 s against 0.31 s).
ROW_GROUP_ROWS = 122_880


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m aifinops.demo",
        description=(
            "Generate a realistic AI-spend demo company: LLM-call telemetry, workflow outcomes, FOCUS billing, "
            "governance events and AI SaaS seats, written as Parquet files of the raw contract. The same "
            "--seed gives the same files. Named scenarios (runaway agent loop, premium drift, weekend spike, "
            "untagged traffic, unmapped key, calls missing from telemetry) are described in _manifest.json."
        ),
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=300_000,
        help=(
            "number of model calls to generate (the runaway-loop scenario has a fixed size of about 2,000 calls, "
            "so smaller runs come out larger)"
        ),
    )
    parser.add_argument("--days", type=int, default=182, help="length of the period in days")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2025, 12, 1), help="first day (UTC)")
    parser.add_argument("--seed", type=int, default=42, help="random seed")
    parser.add_argument("--out", type=Path, default=Path("data/raw"), help="output folder (replaced)")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of the dbt seeds")
    parser.add_argument("--dirty", action="store_true", help="mix a corpus of malformed rows into the raw tables")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    clock = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - clock:6.1f}s] {message}", flush=True)

    rng = np.random.default_rng(args.seed)
    company = build_company(args.seeds)
    period = Period(args.start, args.days)
    traffic = generate_traffic(rng, company, period, args.requests)
    requests = traffic.requests
    progress(f"generated {len(requests['run_key']):,} calls in {len(traffic.runs['run_key']):,} workflow runs")

    book = PriceBook.from_csv(
        args.seeds / "model_prices.csv",
        PRIVATE_PRICES,
        set(zip(company.vocab.model_provider, company.vocab.models, strict=True)),
    )
    route = np.where(requests["route"] == 1, "batch", "standard")
    prices, row_used = book.unit_prices(
        company.vocab.models, requests["model"], route, requests["started_us"], requests["input_tokens"]
    )
    costs = component_costs(
        prices, requests["input_tokens"], requests["cache_read"], requests["cache_write"], requests["output_tokens"]
    )
    long_context = np.array([row.input_tokens_above > 0 for row in book.rows] + [False])[row_used]
    gateway_prices = prices.copy()
    gateway_prices[:, 1] = prices[:, 0]  # the gateway ignores the cache-read discount
    gateway = component_costs(
        gateway_prices,
        requests["input_tokens"],
        requests["cache_read"],
        requests["cache_write"],
        requests["output_tokens"],
    ).sum(axis=1)
    progress("priced every call with the catalogue")

    runs, run_ids = runs_table(company, traffic.runs)
    fx = {(row["rate_month"], row["currency"]): float(row["usd_per_unit"]) for row in read_seed(args.seeds, "fx_rates")}
    tables = {
        "llm_requests": requests_table(rng, company, requests, run_ids, gateway),
        "workflow_runs": runs,
        "billing_focus": billing_table(company, period, requests, costs, long_context, fx, traffic.days.outage_day),
        "governance_events": governance_table(period, traffic.days),
        "ai_subscriptions": subscriptions_table(rng, period),
    }
    progress("built the raw tables")
    expected: dict[str, dict[str, int]] = {}
    if args.dirty:
        tables, expected = add_malformed_rows(rng, tables)
        progress("mixed in malformed rows")

    write_tables(args.out, tables)
    manifest = build_manifest(args, period, traffic, requests, costs, tables, expected)
    (args.out / "_manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n")
    total = time.perf_counter() - clock
    for name in RAW_TABLES:
        print(f"  {name:<18} {tables[name].num_rows:>12,} rows")
    print(f"wrote {args.out} in {total:.1f}s ({args.requests / max(total, 1e-9):,.0f} requests/s)")
    return 0


def write_tables(out: Path, tables: dict[str, pa.Table]) -> None:
    if out.exists():
        shutil.rmtree(out)
    for name, table in tables.items():
        folder = out / name
        folder.mkdir(parents=True)
        if name == "llm_requests":
            # Monthly files, as a loader appending each day's telemetry would leave them. Rows are in time
            # order (malformed rows, if any, at the end), so each month is a few contiguous slices.
            for month, part in monthly_parts(table):
                write_parquet(part, folder / f"llm_requests_{month}.parquet")
        else:
            write_parquet(table, folder / f"{name}.parquet")


def write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd", row_group_size=ROW_GROUP_ROWS)


def monthly_parts(table: pa.Table) -> list[tuple[str, pa.Table]]:
    started = table["started_at"].cast(pa.int64()).to_numpy(zero_copy_only=False)
    valid = ~np.asarray(table["started_at"].is_null().to_numpy(zero_copy_only=False), dtype=bool)
    month = np.where(valid, started.astype("datetime64[us]").astype("datetime64[M]").astype(np.int64), -1)
    edges = np.concatenate([[0], np.flatnonzero(np.diff(month)) + 1, [len(month)]])
    slices: dict[int, list[pa.Table]] = {}
    for begin, end in zip(edges[:-1], edges[1:], strict=True):
        slices.setdefault(int(month[begin]), []).append(table.slice(begin, end - begin))
    parts = []
    for key in sorted(slices):
        label = "unknown" if key < 0 else str(np.datetime64(key, "M"))
        parts.append((label, pa.concat_tables(slices[key])))
    return parts


def build_manifest(args, period, traffic, requests, costs, tables, expected) -> dict:
    days = traffic.days
    request_cost = costs.sum(axis=1)
    scenario = requests["scenario"]

    def cost_of(code: str) -> float:
        return round(float(request_cost[scenario == SCENARIO_CODES[code]].sum()), 2)

    def count_of(code: str) -> int:
        return int((scenario == SCENARIO_CODES[code]).sum())

    return {
        "generator": {
            "requests": args.requests,
            "days": args.days,
            "start": args.start,
            "seed": args.seed,
            "dirty": args.dirty,
            "row_group_rows": ROW_GROUP_ROWS,
        },
        "period": {"first_day": period.start, "last_day": period.day(period.days - 1)},
        "true_usage": {
            "calls": int(len(request_cost)),
            "calls_in_telemetry": int(requests["in_telemetry"].sum()),
            "list_cost_usd": round(float(request_cost.sum()), 2),
        },
        "scenarios": {
            "runaway_agent_loop": {
                "day": period.day(days.loop_day),
                "workflow": "coding_agent",
                "requesting_team": "platform_eng",
                "calls": count_of("runaway_agent_loop"),
                "cost_usd": cost_of("runaway_agent_loop"),
            },
            "premium_model_drift": {
                "from_day": period.day(days.drift_start),
                "team": "sales_ops",
                "workflow": "sales_email_personalisation",
                "to_model": "claude-opus-4-6",
            },
            "weekend_spike": {
                "day": period.day(days.spike_day),
                "team": "marketing_content",
                "workflow": "marketing_copy",
                "calls": count_of("weekend_spike"),
            },
            "provider_price_change": {
                "provider": "anthropic",
                "models": ["claude-opus-4-6", "claude-sonnet-4-6"],
                "day": "2026-03-13",
                "what": "long-context (over 200k input) surcharge removed, per genai-prices",
                "in_period": period.start <= date(2026, 3, 13) <= period.day(period.days - 1),
            },
            "untagged_traffic": {
                "from_day": period.day(days.untag_from),
                "workflow": "kb_rag_assistant",
                "calls": count_of("untagged_traffic"),
            },
            "unmapped_api_key": {
                "api_key_id": UNMAPPED_KEY,
                "calls": count_of("unmapped_api_key"),
                "cost_usd": cost_of("unmapped_api_key"),
            },
            "broken_release": {
                "day": period.day(days.broken_release_day),
                "workflow": "invoice_extraction",
                "calls": count_of("broken_release"),
            },
            "verbose_output": {
                "day": period.day(days.verbose_output_day),
                "workflow": "call_summarisation",
                "output_multiplier": 8,
                "calls": count_of("verbose_output"),
            },
            "abandoned_licence": {"subscription_id": ABANDONED[0], "no_active_seat_from_month": ABANDONED[1]},
            "missing_from_telemetry": {
                "outage_day": period.day(days.outage_day),
                "outage_provider": "openai",
                "shadow_provider": "mistral",
                "calls": int((~requests["in_telemetry"]).sum()),
                "cost_usd": round(float(request_cost[~requests["in_telemetry"]].sum()), 2),
            },
        },
        "expected_anomalies": expected_anomalies(period, days),
        "raw_rows": {name: table.num_rows for name, table in tables.items()},
        "expected_quarantine": expected,
    }


def expected_anomalies(period: Period, days: ScenarioDays) -> list[dict]:
    """Ground truth for the anomaly rules: which rule must fire for which scope, on a day in [first, last].

    `explains` lists the scopes a scenario legitimately moves (any rule firing there in the window is a
    true alert); the drift lasts to the end of the period, as nobody reverts it.
    """
    last_day = period.days - 1

    def one(scenario: str, rule: str, scope: tuple[str, str], first: int, last: int, explains: list) -> dict:
        return {
            "scenario": scenario,
            "rule": rule,
            "scope_type": scope[0],
            "scope_id": scope[1],
            "first_day": period.day(first),
            "last_day": period.day(last),
            "explains": [
                {"scope_type": kind, "scope_id": name, "first_day": period.day(start), "last_day": period.day(end)}
                for kind, name, start, end in explains
            ],
        }

    loop, drift, spike = days.loop_day, days.drift_start, days.spike_day
    release, verbose = days.broken_release_day, days.verbose_output_day
    return [
        one(
            "runaway_agent_loop",
            "repeated_failed_runs",
            ("workflow", "coding_agent"),
            loop,
            loop,
            [("workflow", "coding_agent", loop, loop), ("team", "platform_eng", loop, loop)],
        ),
        one(
            "runaway_agent_loop",
            "unusual_spend_growth",
            ("team", "platform_eng"),
            loop,
            loop,
            [],
        ),
        one(
            "premium_model_drift",
            "premium_model_drift",
            ("team", "sales_ops"),
            drift,
            drift + 10,
            [
                ("team", "sales_ops", drift, last_day),
                ("workflow", "sales_email_personalisation", drift, last_day),
            ],
        ),
        one(
            "weekend_spike",
            "unexpected_weekend_usage",
            ("team", "marketing_content"),
            spike,
            spike,
            [
                ("team", "marketing_content", spike, spike),
                ("workflow", "marketing_copy", spike, spike),
            ],
        ),
        one(
            "broken_release",
            "spend_without_accepted_outputs",
            ("workflow", "invoice_extraction"),
            release,
            release,
            [("workflow", "invoice_extraction", release, release)],
        ),
        one(
            "verbose_output",
            "high_output_input_ratio",
            ("workflow", "call_summarisation"),
            verbose,
            verbose,
            [
                ("workflow", "call_summarisation", verbose, verbose),
                ("team", "customer_success", verbose, verbose),
            ],
        ),
    ]
