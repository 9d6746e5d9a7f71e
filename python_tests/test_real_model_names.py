"""Real provider and model names in, invoice-true prices out: every call is kept, every priced call equals genai-prices.

A raw llm_requests file is written with the names real sources report (OpenTelemetry gen_ai.provider.name values,
LiteLLM provider names, dated snapshots, compact dates, `provider/` prefixes, Bedrock ids and cross-region
profiles, Vertex publisher paths and @versions, an Azure deployment, no provider at all, an unknown provider), on
every route, at time-of-day and tier edges, with 1-hour cache writes, reasoning tokens and Anthropic's disjoint
token buckets. Each corpus entry names by hand the provider id and model reference a person would give genai-prices;
the expected cost is the package's own `calc_price` (or "unpriced" when it raises). A second part reports every
catalogue model's own match values under its provider and compares the warehouse's match with the package's.
"""

from __future__ import annotations

import random
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from genai_prices import Usage, calc_price, data_snapshot

from aifinops.prices.catalogue import ROUTE_CONTEXTS
from python_tests.conftest import dbt


@dataclass(frozen=True)
class Name:
    provider: str | None  # as reported
    model: str  # as reported
    genai_provider: str | None  # what a person gives genai-prices (None: unpriced or let it infer)
    genai_model: str | None = None  # the reference for genai-prices (default: the reported model)
    usage_source: str | None = None
    long_context: bool = False  # a model whose window allows tier-edge inputs


NAMES = [
    Name("openai", "gpt-4o", "openai"),
    Name("openai", "gpt-4o-mini-2024-07-18", "openai"),
    Name("OpenAI", "openai/gpt-4o", "openai", "gpt-4o"),
    Name("openai", "gpt-5.2-20251211", "openai"),
    Name("openai", "o3-2025-04-16", "openai"),
    Name("azure.ai.openai", "gpt-4o", "azure"),
    Name("az.ai.openai", "gpt-4o-mini", "azure"),
    Name("azure", "prod-gpt4o", "azure", "gpt-4o"),  # a deployment of seeds/model_deployments.csv
    Name("aws.bedrock", "anthropic.claude-3-5-sonnet-20240620-v1:0", "aws", usage_source="bedrock_invocation_log"),
    Name("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "aws"),
    Name("aws.bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "aws"),
    Name("aws.bedrock", "eu.amazon.nova-pro-v1:0", "aws"),
    Name("gcp.vertex_ai", "publishers/google/models/gemini-2.5-pro", "google", "gemini-2.5-pro", long_context=True),
    Name("vertex_ai", "claude-3-5-sonnet-v2@20241022", "google"),
    Name("gcp.gemini", "models/gemini-2.0-flash", "google", usage_source="gemini_api"),
    Name("anthropic", "claude-3-5-sonnet-20241022", "anthropic", usage_source="anthropic_api"),
    Name("anthropic", "anthropic/claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5"),
    Name("Anthropic", "claude-sonnet-4-5-20250929", "anthropic", long_context=True),
    Name("moonshotai", "kimi-k2", "moonshotai"),
    Name(None, "kimi-k2", None),
    Name(None, "gpt-4o", None),
    Name("litellm", "anthropic/claude-3-5-haiku-20241022", "litellm"),
    Name("x_ai", "grok-4", "x-ai"),
    Name("mistral_ai", "mistral-large-latest", "mistral"),
    Name("deepseek", "deepseek-chat", "deepseek"),
    Name("deepseek", "deepseek-reasoner", "deepseek"),
    Name("groq", "llama-3.3-70b-versatile", "groq"),
    Name("cohere", "command-r-plus", "cohere"),
    Name("openrouter", "openai/gpt-4o", "openrouter"),
    Name("together_ai", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "together"),
    Name("fireworks_ai", "accounts/fireworks/models/llama-v3p1-8b-instruct", "fireworks"),
    Name("ibm.watsonx.ai", "ibm/granite-13b-chat-v2", None),  # no catalogue provider: kept, unpriced
    Name("openai", "ft:gpt-4.1-mini:acme:support-v2", None),  # a fine-tune: kept, unpriced
    Name("acme-llm-gateway", "gpt-4o", None),  # an unknown gateway: kept, unpriced
]
CUSTOM = Name("self_hosted", "acme-llama-3.1-8b", None)  # seeds/custom_model_prices.csv: 0.04 in and out
# Where a name's UTC time of day matters (deepseek's off-peak prices start at 16:30 and end at 00:30).
DAY_EDGES = [timedelta(hours=16, minutes=30), timedelta(hours=16, minutes=29, seconds=59), timedelta(minutes=30)]


def _calls(rng: random.Random) -> list[dict]:
    calls = []
    for number, name in enumerate([*NAMES, CUSTOM] * 12):
        day = datetime(2025, 3, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 600))
        started = day + (rng.choice(DAY_EDGES) if rng.random() < 0.5 else timedelta(seconds=rng.randint(0, 86_399)))
        if name.long_context and rng.random() < 0.5:
            input_tokens = rng.choice([200_000, 200_001, 250_000])
        else:
            input_tokens = rng.randint(50, 8_000)
        cache_read = rng.randint(0, input_tokens // 3)
        cache_write = rng.randint(0, (input_tokens - cache_read) // 3)
        output = rng.randint(0, 3_000)
        calls.append(
            {
                "request_id": f"real-{number}",
                "started_at": started,
                "provider": name.provider,
                "request_model": name.model,
                "response_model": None,
                "usage_source": name.usage_source,
                "input_tokens": input_tokens,
                "cache_read_input_tokens": cache_read,
                "cache_creation_input_tokens": cache_write,
                "cache_creation_1h_input_tokens": rng.randint(0, cache_write),
                "output_tokens": output,
                "reasoning_output_tokens": rng.randint(0, output),
                "status": "ok",
                "environment": "production",
                "route": rng.choice(["standard", "standard", "batch", "priority", "flex"]),
                "_name": name,
            }
        )
    return calls


def _reported(call: dict) -> dict:
    """The call as its source reports it: disjoint input buckets where the convention says so."""
    reported = {key: value for key, value in call.items() if not key.startswith("_")}
    if call["usage_source"] in ("anthropic_api", "bedrock_invocation_log"):
        reported["input_tokens"] -= call["cache_read_input_tokens"] + call["cache_creation_input_tokens"]
    if call["usage_source"] == "gemini_api":
        reported["output_tokens"] -= call["reasoning_output_tokens"]
    return reported


def _expected_cost(call: dict) -> Decimal | None:
    name: Name = call["_name"]
    if name is CUSTOM:
        # 0.04 per million in and out; cache reads and writes without a price of their own cost the input price
        return Decimal(call["input_tokens"] + call["output_tokens"]) * Decimal("0.04") / Decimal(1_000_000)
    if name.genai_provider is None and name.provider is not None:
        return None
    usage = Usage(
        input_tokens=call["input_tokens"],
        cache_read_tokens=call["cache_read_input_tokens"],
        cache_write_tokens=call["cache_creation_input_tokens"],
        cache_write_1h_tokens=call["cache_creation_1h_input_tokens"],
        output_tokens=call["output_tokens"],
        output_reasoning_tokens=call["reasoning_output_tokens"],
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return calc_price(
                usage,
                name.genai_model or name.model,
                provider_id=name.genai_provider,
                genai_request_timestamp=call["started_at"],
                price_context=ROUTE_CONTEXTS.get(call["route"]),
            ).total_price
    except LookupError:
        return None


def _match_corpus(rng: random.Random) -> list[dict]:
    """Each catalogue model's id and equals values, reported under its provider (a sample of 1,500)."""
    names = []
    for provider in data_snapshot.get_snapshot().providers:
        for model in provider.models:
            for value in {model.id, *_equals_values(model.match)}:
                names.append({"provider": provider.id, "model": value})
    return rng.sample(names, 1500)


def _equals_values(logic: object) -> list[str]:
    if hasattr(logic, "equals"):
        return [logic.equals]  # type: ignore[attr-defined]
    children = getattr(logic, "or_", None) or getattr(logic, "and_", None) or []
    return [value for child in children for value in _equals_values(child)]


@pytest.fixture(scope="module")
def real_names(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], list[dict], Path]:
    rng = random.Random(11)
    calls = _calls(rng)
    matches = _match_corpus(rng)
    folder = tmp_path_factory.mktemp("real_names")
    raw = folder / "raw"
    (raw / "llm_requests").mkdir(parents=True)
    rows = [_reported(call) for call in calls]
    rows += [
        {
            "request_id": f"match-{number}",
            "started_at": datetime(2026, 6, 1, 12, tzinfo=UTC),
            "provider": entry["provider"],
            "request_model": entry["model"],
            "input_tokens": 10,
            "output_tokens": 1,
            "status": "ok",
            "environment": "production",
        }
        for number, entry in enumerate(matches)
    ]
    pq.write_table(pa.Table.from_pylist(rows), raw / "llm_requests" / "part-0.parquet")
    database = folder / "warehouse.duckdb"
    result = dbt(["build"], raw, database, folder)
    assert result.returncode == 0, result.stdout[-4000:]
    return calls, matches, database


def test_every_call_is_kept(real_names) -> None:
    calls, matches, database = real_names
    with duckdb.connect(str(database), read_only=True) as connection:
        (kept,) = connection.execute("select count(*) from fct_llm_requests").fetchone()
        (rejected,) = connection.execute("select count(*) from quarantine_llm_requests").fetchone()
    assert (kept, rejected) == (len(calls) + len(matches), 0)


def test_every_priced_call_equals_genai_prices(real_names) -> None:
    calls, _, database = real_names
    with duckdb.connect(str(database), read_only=True) as connection:
        built = {
            row[0]: row[1:]
            for row in connection.execute(
                "select request_id, model_cost_usd, is_unpriced, provider, model_developer "
                "from fct_llm_requests where request_id like 'real-%'"
            ).fetchall()
        }
    wrong, priced = [], 0
    for call in calls:
        expected = _expected_cost(call)
        cost, is_unpriced, _, _ = built[call["request_id"]]
        if expected is None:
            if not is_unpriced or cost is not None:
                wrong.append((call["_name"], "should be unpriced", cost))
            continue
        priced += 1
        if is_unpriced or abs(Decimal(str(cost)) - expected) > Decimal("0.000001"):
            wrong.append((call["_name"], call["started_at"], call["route"], cost, expected))
    assert priced > 300
    assert wrong == []


def test_hosts_and_developers_are_kept_apart(real_names) -> None:
    _, _, database = real_names
    with duckdb.connect(str(database), read_only=True) as connection:
        pairs = set(
            connection.execute(
                "select provider, price_provider, model_developer from fct_llm_requests "
                "where request_id like 'real-%' "
                "and reported_model in ('gpt-4o-mini', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0')"
            ).fetchall()
        )
    assert pairs == {("azure", "openai", "openai"), ("aws", "aws", "anthropic")}


def test_unpriced_calls_are_price_gaps_with_a_labelled_estimate(real_names) -> None:
    _, _, database = real_names
    with duckdb.connect(str(database), read_only=True) as connection:
        gaps = {
            row[0]: row[1:]
            for row in connection.execute(
                "select reported_model, gap_reason, calls, nearest_model_id, estimate_basis from price_gaps"
            ).fetchall()
        }
    assert gaps["ibm/granite-13b-chat-v2"][0] == "unknown_provider"
    assert gaps["ft:gpt-4.1-mini:acme:support-v2"][:3] == ("unknown_model", 12, "gpt-4.1-mini")
    assert gaps["ft:gpt-4.1-mini:acme:support-v2"][3].startswith("estimate at the current standard price of")
    assert gaps["gpt-4o"][:3] == ("unknown_provider", 12, "gpt-4o")  # the unknown gateway, estimated at openai's


def test_catalogue_names_match_the_model_genai_prices_matches(real_names) -> None:
    _, matches, database = real_names
    snapshot = data_snapshot.get_snapshot()
    with duckdb.connect(str(database), read_only=True) as connection:
        found = {
            (row[0], row[1]): (row[2], row[3])
            for row in connection.execute(
                "select provider_reported, reported_model, price_provider, model_id from fct_llm_requests "
                "where request_id like 'match-%'"
            ).fetchall()
        }
    wrong = []
    for entry in matches:
        try:
            provider, model = snapshot.find_provider_model(entry["model"], None, entry["provider"], None)
            expected = (provider.id if model in provider.models else _owner(snapshot, model), model.id)
        except LookupError:
            expected = (None, None)
        got = found[(entry["provider"], entry["model"])]
        if expected[0] is None:
            ok = got[0] is None or got[1] == entry["model"].lower()  # only the id fallback may still match
        else:
            ok = got == expected
        if not ok:
            wrong.append((entry, got, expected))
    assert wrong == []


def _owner(snapshot, model) -> str:
    return next(provider.id for provider in snapshot.providers if any(m is model for m in provider.models))
