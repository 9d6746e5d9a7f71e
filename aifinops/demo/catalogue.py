"""The company the demo data describes: seeds it shares with the warehouse, and how each workflow behaves."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path


def read_seed(seeds_dir: Path, name: str) -> list[dict[str, str]]:
    with (seeds_dir / f"{name}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class WorkflowProfile:
    """How one workflow behaves: volume, steps, models, tokens, outcomes."""

    workflow_id: str
    request_share: float
    steps: tuple[str, float]  # ("fixed", n) | ("poisson", extra mean) | ("geometric", mean)
    models: tuple[tuple[str, float], ...]  # (model_id, weight) for production traffic
    input_median: float
    output_median: float
    cache_probability: float = 0.0
    weekend_factor: float = 0.25
    hours: str = "business"  # business | night | always
    environment_mix: tuple[float, float, float] = (0.86, 0.05, 0.09)  # production, staging, experiment
    consumers: tuple[tuple[str, float], ...] = ()
    review_probability: float = 0.0
    review_minutes: float = 0.0
    accept_rate: float = 0.8
    fail_rate: float = 0.02
    abandon_rate: float = 0.02
    block_rate: float = 0.005
    tools_per_step: float = 0.0
    retrievals_first_step: float = 0.0
    embeddings_first: bool = False
    long_context_share: float = 0.0
    data_class: str = "internal"
    customer_facing: bool = False
    route: str = "standard"
    input_sigma: float = 0.6
    output_sigma: float = 0.7
    extra: dict[str, float] = field(default_factory=dict)


PROFILES: tuple[WorkflowProfile, ...] = (
    WorkflowProfile(
        "ticket_triage",
        0.14,
        ("fixed", 1),
        (("claude-haiku-4-5", 0.7), ("gpt-5-nano", 0.3)),
        900,
        40,
        weekend_factor=0.55,
        hours="always",
        accept_rate=0.93,
        customer_facing=True,
        data_class="confidential",
    ),
    WorkflowProfile(
        "support_reply_drafting",
        0.13,
        ("poisson", 1.0),
        (("claude-haiku-4-5", 0.55), ("claude-sonnet-4-6", 0.3), ("ft:gpt-4.1-mini:acme:support-v2", 0.15)),
        3200,
        380,
        cache_probability=0.55,
        weekend_factor=0.5,
        hours="always",
        review_probability=0.9,
        review_minutes=2.5,
        accept_rate=0.74,
        retrievals_first_step=2.0,
        customer_facing=True,
        data_class="confidential",
    ),
    WorkflowProfile(
        "call_summarisation",
        0.08,
        ("poisson", 0.4),
        (("gemini-2.5-flash", 0.6), ("gemini-2.5-flash-lite", 0.4)),
        9000,
        450,
        weekend_factor=0.15,
        accept_rate=0.88,
        review_probability=0.3,
        review_minutes=1.0,
        consumers=(("customer_success", 0.7), ("sales_ops", 0.3)),
        data_class="confidential",
    ),
    WorkflowProfile(
        "kb_rag_assistant",
        0.15,
        ("poisson", 1.2),
        (("gpt-4.1", 0.75), ("claude-sonnet-4-6", 0.25)),
        5200,
        420,
        cache_probability=0.35,
        weekend_factor=0.12,
        accept_rate=0.7,
        retrievals_first_step=3.0,
        embeddings_first=True,
        consumers=(
            ("support_tier1", 0.2),
            ("sales_ops", 0.15),
            ("platform_eng", 0.15),
            ("people_ops", 0.1),
            ("customer_success", 0.15),
            ("fpa", 0.1),
            ("marketing_content", 0.15),
        ),
    ),
    WorkflowProfile(
        "contract_review",
        0.04,
        ("poisson", 4.0),
        (("claude-opus-4-6", 0.7), ("gpt-5", 0.3)),
        24000,
        1600,
        cache_probability=0.6,
        weekend_factor=0.05,
        review_probability=1.0,
        review_minutes=18.0,
        accept_rate=0.66,
        consumers=(("legal_contracts", 0.8), ("procurement", 0.2)),
        data_class="restricted",
        input_sigma=0.5,
    ),
    WorkflowProfile(
        "coding_agent",
        0.2,
        ("geometric", 11.0),
        (("claude-sonnet-4-6", 0.75), ("gpt-5", 0.25)),
        16000,
        900,
        cache_probability=0.8,
        weekend_factor=0.1,
        review_probability=0.8,
        review_minutes=9.0,
        accept_rate=0.55,
        fail_rate=0.06,
        abandon_rate=0.08,
        tools_per_step=1.6,
        long_context_share=0.05,
        consumers=(
            ("platform_eng", 0.35),
            ("dev_productivity", 0.25),
            ("data_science", 0.2),
            ("search_relevance", 0.2),
        ),
    ),
    WorkflowProfile(
        "sales_email_personalisation",
        0.06,
        ("fixed", 1),
        (("gpt-4.1", 0.8), ("mistral-large-2512", 0.2)),
        2100,
        320,
        weekend_factor=0.08,
        review_probability=0.5,
        review_minutes=1.5,
        accept_rate=0.8,
        data_class="internal",
    ),
    WorkflowProfile(
        "marketing_copy",
        0.03,
        ("poisson", 0.8),
        (("gpt-4.1", 0.5), ("mistral-large-2512", 0.3), ("gpt-5", 0.2)),
        1500,
        700,
        weekend_factor=0.1,
        review_probability=1.0,
        review_minutes=4.0,
        accept_rate=0.6,
        data_class="public",
    ),
    WorkflowProfile(
        "invoice_extraction",
        0.07,
        ("poisson", 0.5),
        (("ministral-8b", 0.7), ("gemini-2.5-flash-lite", 0.3)),
        2600,
        260,
        weekend_factor=0.6,
        hours="night",
        accept_rate=0.95,
        environment_mix=(0.95, 0.03, 0.02),
        route="batch",
        data_class="confidential",
    ),
    WorkflowProfile(
        "policy_screening",
        0.05,
        ("fixed", 1),
        (("mistral-medium-3-1", 0.8), ("claude-haiku-4-5", 0.2)),
        1300,
        90,
        weekend_factor=0.2,
        hours="always",
        accept_rate=0.97,
        data_class="restricted",
    ),
    WorkflowProfile(
        "variance_analyst",
        0.03,
        ("geometric", 5.0),
        (("gpt-5-mini", 0.6), ("o3", 0.25), ("claude-sonnet-4-6", 0.15)),
        7000,
        900,
        cache_probability=0.5,
        weekend_factor=0.05,
        review_probability=0.9,
        review_minutes=7.0,
        accept_rate=0.62,
        fail_rate=0.04,
        abandon_rate=0.05,
        tools_per_step=1.0,
        data_class="confidential",
    ),
    WorkflowProfile(
        "hr_policy_qa",
        0.02,
        ("poisson", 0.6),
        (("gemini-2.5-flash", 0.8), ("claude-haiku-4-5", 0.2)),
        3800,
        350,
        cache_probability=0.3,
        weekend_factor=0.1,
        accept_rate=0.78,
        retrievals_first_step=2.0,
        embeddings_first=True,
        data_class="restricted",
        consumers=(("people_ops", 0.6), ("fpa", 0.1), ("procurement", 0.1), ("compliance", 0.2)),
    ),
)

EXPERIMENT_MODELS: tuple[str, ...] = (
    "gpt-5",
    "gpt-5-mini",
    "gpt-4.1",
    "o3",
    "claude-opus-4-6",
    "claude-sonnet-4-5",
    "claude-sonnet-4-6",
    "gemini-2.5-pro",
    "gemini-2.5-flash",
    "mistral-large-2512",
    "mistral-medium-3-1",
)

# What each provider's telemetry calls itself (OpenTelemetry gen_ai.provider.name), with the odd legacy spelling.
PROVIDER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "openai": ("openai", "openai", "openai", "OpenAI"),
    "anthropic": ("anthropic", "anthropic", "anthropic", "Anthropic"),
    "google": ("gcp.gemini", "gcp.gemini", "gcp.vertex_ai", "gcp.gen_ai"),
    "mistral": ("mistral_ai", "mistral_ai", "mistral_ai", "mistralai"),
}

# Dated snapshot names providers answer with in response_model; staging maps them back to the model id.
RESPONSE_MODEL_NAMES: dict[str, str] = {
    "gpt-5": "gpt-5-2025-08-07",
    "gpt-5-mini": "gpt-5-mini-2025-08-07",
    "gpt-5-nano": "gpt-5-nano-2025-08-07",
    "gpt-4.1": "gpt-4.1-2025-04-14",
    "o3": "o3-2025-04-16",
    "claude-haiku-4-5": "claude-haiku-4-5-20251001",
    "claude-sonnet-4-5": "claude-sonnet-4-5-20250929",
    "mistral-medium-3-1": "mistral-medium-2508",
    "gemini-2.5-pro": "models/gemini-2.5-pro",
    "gemini-2.5-flash": "models/gemini-2.5-flash",
    "gemini-2.5-flash-lite": "models/gemini-2.5-flash-lite",
}

# Prices the providers bill for models the public catalogue does not list (USD per million tokens).
PRIVATE_PRICES: dict[str, tuple[float, float, float, float]] = {
    "ft:gpt-4.1-mini:acme:support-v2": (0.8, 0.2, 0.8, 3.2),
}

NEGOTIATED_DISCOUNT: dict[str, float] = {"openai": 0.0, "anthropic": 0.12, "google": 0.05, "mistral": 0.0}
BILLING_CURRENCY: dict[str, str] = {"openai": "USD", "anthropic": "USD", "google": "USD", "mistral": "EUR"}
