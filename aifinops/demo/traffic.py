"""Plan the company's traffic (normal runs, ad-hoc calls and the named scenarios) and generate it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aifinops.demo.catalogue import PROFILES, read_seed
from aifinops.demo.telemetry import (
    ENVIRONMENTS,
    MICROS_PER_DAY,
    SCENARIO_CODES,
    Company,
    Period,
    RunPlan,
    Vocab,
    concat_blocks,
    day_weights,
    fit_context_window,
    generate_runs,
    mean_steps,
    profiles_by_id,
)

UNMAPPED_KEY = "ak_legacy_notebooks"
MONTHLY_GROWTH = 1.07


def build_company(seeds_dir: Path) -> Company:
    teams = [row["team_id"] for row in read_seed(seeds_dir, "teams")]
    workflows = read_seed(seeds_dir, "workflows")
    keys = read_seed(seeds_dir, "api_keys")
    tiers = read_seed(seeds_dir, "model_tiers")
    policy = {row["task_type"]: row for row in read_seed(seeds_dir, "routing_policy")}
    applications = sorted({row["application"] for row in keys})
    vocab = Vocab(
        models=[row["model_id"] for row in tiers],
        model_provider=[row["provider"] for row in tiers],
        teams=teams,
        workflows=[row["workflow_id"] for row in workflows],
        task_types=sorted({row["task_type"] for row in workflows}),
        applications=applications,
        api_keys=[row["api_key_id"] for row in keys] + [UNMAPPED_KEY],
    )
    key_by_app_env = {(row["application"], row["environment"]): row["api_key_id"] for row in keys}
    return Company(
        vocab=vocab,
        workflow_owner={row["workflow_id"]: row["owner_team_id"] for row in workflows},
        workflow_application={row["workflow_id"]: row["application"] for row in workflows},
        workflow_task_type={row["workflow_id"]: row["task_type"] for row in workflows},
        fallback_model={row["workflow_id"]: policy[row["task_type"]]["fallback_model_id"] for row in workflows},
        api_key_codes={
            row["workflow_id"]: np.array(
                [vocab.api_keys.index(key_by_app_env[(row["application"], env)]) for env in ENVIRONMENTS]
            )
            for row in workflows
        },
        model_provider=np.array([vocab.providers.index(row["provider"]) for row in tiers]),
        model_reasoning=np.array([row["is_reasoning_model"] == "true" for row in tiers]),
        model_context_window=np.array([int(row["context_window_tokens"]) for row in tiers]),
    )


@dataclass(frozen=True)
class ScenarioDays:
    loop_day: int
    drift_start: int
    spike_day: int
    untag_from: int
    outage_day: int
    broken_release_day: int
    verbose_output_day: int

    @classmethod
    def for_period(cls, period: Period) -> ScenarioDays:
        def next_weekday(offset: int, saturday: bool = False) -> int:
            while True:
                weekday = period.day(offset).weekday()
                if (saturday and weekday == 5) or (not saturday and weekday < 5):
                    return min(offset, period.days - 1)
                offset += 1

        days = period.days
        return cls(
            loop_day=next_weekday(int(days * 0.55)),
            drift_start=int(days * 0.6),
            spike_day=next_weekday(int(days * 0.7), saturday=True),
            untag_from=int(days * 0.3),
            outage_day=next_weekday(int(days * 0.45)),
            broken_release_day=next_weekday(int(days * 0.5)),
            verbose_output_day=next_weekday(int(days * 0.65)),
        )


def adhoc_requests(
    rng: np.random.Generator,
    company: Company,
    period: Period,
    n: int,
    key: str,
    team: str | None,
    models: tuple[str, ...],
    environment: str,
    scenario: str,
    in_telemetry: bool = True,
) -> dict[str, np.ndarray]:
    """Calls made outside any workflow run: notebooks, playgrounds, scripts."""
    vocab = company.vocab
    weights = day_weights(rng, period, 0.2, MONTHLY_GROWTH)
    day = rng.choice(period.days, size=n, p=weights)
    started = period.start_us + day * 86_400_000_000 + rng.integers(0, 86_400_000_000, n)
    model = np.array([vocab.models.index(name) for name in models])[rng.integers(0, len(models), n)]
    input_tokens = rng.lognormal(np.log(4000), 0.9, n).astype(np.int64)
    output_tokens = rng.lognormal(np.log(600), 0.8, n).astype(np.int64) + 1
    (input_tokens,) = fit_context_window(company.model_context_window[model], input_tokens, output_tokens)
    app = vocab.api_keys.index(key)
    return {
        "run_key": np.full(n, -1),
        "started_us": started,
        "duration_ms": (400 + output_tokens * 20).astype(np.int64),
        "model": model,
        "provider": company.model_provider[model],
        "input_tokens": input_tokens,
        "cache_read": np.zeros(n, dtype=np.int64),
        "cache_write": np.zeros(n, dtype=np.int64),
        "output_tokens": output_tokens,
        "reasoning_tokens": np.where(company.model_reasoning[model], output_tokens // 3, 0),
        "error_type": np.full(n, -1),
        "retry_attempt": np.zeros(n, dtype=np.int64),
        "is_fallback": np.zeros(n, dtype=bool),
        "tool_calls": np.zeros(n, dtype=np.int64),
        "retrieval_calls": np.zeros(n, dtype=np.int64),
        "agent_step": np.ones(n, dtype=np.int64),
        "api_key": np.full(n, app),
        "application": np.full(n, -1),
        "environment": np.full(n, ENVIRONMENTS.index(environment)),
        "team": np.full(n, vocab.teams.index(team) if team else -1),
        "workflow": np.full(n, -1),
        "task_type": np.full(n, -1),
        "is_embedding": np.zeros(n, dtype=bool),
        "route": np.zeros(n, dtype=np.int64),
        "user_seed": rng.integers(0, 400, n),
        "customer_seed": np.full(n, -1),
        "in_telemetry": np.full(n, in_telemetry),
        "scenario": np.full(n, SCENARIO_CODES[scenario]),
    }


def _day_of(period: Period, started_us: np.ndarray) -> np.ndarray:
    return (started_us - period.start_us) // MICROS_PER_DAY


def broken_release(
    runs: dict[str, np.ndarray], requests: dict[str, np.ndarray], period: Period, day: int, company: Company
) -> None:
    """A bad release of the invoice extractor: every completed run of one day is rejected by review."""
    workflow = company.vocab.code(company.vocab.workflows, "invoice_extraction")
    hit = (runs["workflow"] == workflow) & (_day_of(period, runs["started_us"]) == day) & (runs["status"] == 0)
    runs["output_accepted"] = np.where(hit, 0, runs["output_accepted"])
    affected = np.isin(requests["run_key"], runs["run_key"][hit])
    requests["scenario"] = np.where(affected, SCENARIO_CODES["broken_release"], requests["scenario"])


def verbose_output(requests: dict[str, np.ndarray], period: Period, day: int, company: Company) -> None:
    """A prompt regression: call summaries come back eight times as long for one day."""
    workflow = company.vocab.code(company.vocab.workflows, "call_summarisation")
    hit = (requests["workflow"] == workflow) & (_day_of(period, requests["started_us"]) == day)
    hit &= requests["output_tokens"] > 0
    for column in ("output_tokens", "reasoning_tokens"):
        requests[column] = np.where(hit, requests[column] * 8, requests[column])
    requests["duration_ms"] = np.where(hit, requests["duration_ms"] * 4, requests["duration_ms"])
    requests["scenario"] = np.where(hit, SCENARIO_CODES["verbose_output"], requests["scenario"])


@dataclass
class Traffic:
    runs: dict[str, np.ndarray]
    requests: dict[str, np.ndarray]
    days: ScenarioDays


def generate_traffic(rng: np.random.Generator, company: Company, period: Period, total_requests: int) -> Traffic:
    days = ScenarioDays.for_period(period)
    profiles = profiles_by_id()
    shares = {"playground": 0.02, "unmapped": 0.01, "shadow": 0.015}
    workflow_budget = total_requests * (1 - sum(shares.values())) * 1.03  # oversample, then trim to size
    plans: list[RunPlan] = []
    for profile in PROFILES:
        runs = max(1, round(workflow_budget * profile.request_share / mean_steps(profile)))
        weights = day_weights(rng, period, profile.weekend_factor, MONTHLY_GROWTH)
        drift = (
            (days.drift_start, 10, "claude-opus-4-6", 0.7)
            if profile.workflow_id == "sales_email_personalisation"
            else None
        )
        plans.append(
            RunPlan(profile, runs, day_p=weights, premium_drift=drift, scenario="premium_model_drift" if drift else "")
        )
        if profile.workflow_id == "marketing_copy":
            spike = max(30, int(10 * runs / period.days))
            plans.append(
                RunPlan(
                    profile, spike, fixed_day=days.spike_day, force_environment="production", scenario="weekend_spike"
                )
            )
    plans.append(
        RunPlan(
            profiles["coding_agent"],
            6,
            fixed_day=days.loop_day,
            fixed_steps=(250, 400),
            force_status="failed",
            force_environment="production",
            force_team="platform_eng",
            scenario="runaway_agent_loop",
        )
    )
    run_blocks, request_blocks = [], []
    run_offset = 0
    for plan in plans:
        runs, requests = generate_runs(rng, company, period, plan, untag=("kb_rag_assistant", days.untag_from))
        requests["run_key"] = requests["run_key"] + run_offset
        runs["run_key"] = runs["run_key"] + run_offset
        if plan.profile.workflow_id == "kb_rag_assistant":
            requests["scenario"] = np.where(
                requests["team"] < 0, SCENARIO_CODES["untagged_traffic"], requests["scenario"]
            )
        run_offset += len(runs["run_key"])
        run_blocks.append(runs)
        request_blocks.append(requests)

    request_blocks.append(
        adhoc_requests(
            rng,
            company,
            period,
            int(total_requests * shares["playground"]),
            "ak_ds_playground_exp",
            "data_science",
            ("gpt-5", "claude-opus-4-6", "gemini-2.5-pro", "gpt-5-mini"),
            "experiment",
            "",
        )
    )
    request_blocks.append(
        adhoc_requests(
            rng,
            company,
            period,
            int(total_requests * shares["unmapped"]),
            UNMAPPED_KEY,
            None,
            ("gpt-4.1", "claude-sonnet-4-6"),
            "production",
            "unmapped_api_key",
        )
    )
    request_blocks.append(
        adhoc_requests(
            rng,
            company,
            period,
            int(total_requests * shares["shadow"]),
            "ak_ap_intake_prod",
            None,
            ("mistral-large-2512",),
            "production",
            "missing_from_telemetry",
            in_telemetry=False,
        )
    )
    requests = concat_blocks(request_blocks)
    runs = concat_blocks(run_blocks)

    # Trim or keep to the requested size: drop surplus calls at random (never scenario calls).
    surplus = len(requests["run_key"]) - total_requests
    if surplus > 0:
        candidates = np.flatnonzero(requests["scenario"] == 0)
        drop = rng.choice(candidates, size=min(surplus, len(candidates)), replace=False)
        keep = np.ones(len(requests["run_key"]), dtype=bool)
        keep[drop] = False
        requests = {key: value[keep] for key, value in requests.items()}

    broken_release(runs, requests, period, days.broken_release_day, company)
    verbose_output(requests, period, days.verbose_output_day, company)

    # A telemetry outage: OpenAI calls between 10:00 and 16:00 UTC on one day never reach the log.
    outage_start = period.start_us + days.outage_day * 86_400_000_000 + 10 * 3_600_000_000
    lost = (requests["provider"] == 0) & (requests["started_us"] >= outage_start)
    lost &= requests["started_us"] < outage_start + 6 * 3_600_000_000
    requests["in_telemetry"] = requests["in_telemetry"] & ~lost
    requests["scenario"] = np.where(lost, SCENARIO_CODES["missing_from_telemetry"], requests["scenario"])
    return Traffic(runs=runs, requests=requests, days=days)
