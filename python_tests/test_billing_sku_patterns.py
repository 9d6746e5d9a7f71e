"""Every pattern of seed billing_sku_patterns on real-looking texts of the source it follows.

Each case is a billing line's texts as a provider writes them (AWS Bedrock usage types, Azure meter names, Vertex
SKU descriptions, FOCUS 1.4 SkuPriceDetails, the OpenAI Costs line item, the Anthropic cost report token type) with
the model, token kind and route a reader of that source sees in them, written by hand. The seed is applied as
base_focus__sku_parses applies it (per facet the matching pattern of lowest order, DuckDB's RE2 functions), and every
seed row must decide at least one case, so none is untested.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

SEED = Path(__file__).resolve().parents[1] / "seeds" / "billing_sku_patterns.csv"

# (provider, texts, model, token type, route)
CASES = [
    ("aws", {"x_usage_type": "USE1-MP:USE1_InputTokenCount-Units"}, None, "input", None),
    (
        "aws",
        {
            "sku_meter": "USE1-MP:USE1_OutputTokenCount-Units",
            "service_name": "Claude Sonnet 4.5 (Amazon Bedrock Edition)",
        },
        "claude-sonnet-4.5",
        "output",
        None,
    ),
    ("aws", {"sku_meter": "USE1-MP:USE1_CacheReadInputTokenCount_Global-Units"}, None, "cached-input", None),
    ("aws", {"sku_meter": "USE1-MP:USE1_CacheWriteInputTokenCount-Units"}, None, "cache-write", None),
    ("aws", {"sku_meter": "USW2-MP:USW2_input_tokens_global_flex-Units"}, None, "input", "flex"),
    ("aws", {"sku_meter": "USW2-MP:USW2_output_tokens_standard-Units"}, None, "output", None),
    ("aws", {"x_usage_type": "USE1-NovaPro-cache-read-input-token-count"}, None, "cached-input", None),
    ("aws", {"x_usage_type": "USE1-NovaPro-cache-write-input-token-count"}, None, "cache-write", None),
    ("aws", {"x_usage_type": "USE1-NovaPro-output-tokens"}, None, "output", None),
    ("aws", {"x_usage_type": "USE1-MP:USE1_OutputTokenCount_Batch-Units"}, None, "output", "batch"),
    ("azure", {"x_sku_meter_name": "GPT 5 outpt Glbl 1M Tokens"}, "gpt-5", "output", None),
    ("azure", {"x_sku_meter_name": "5 mini pp Inp Gl 1M Tokens"}, "gpt-5-mini", "input", None),
    ("azure", {"x_sku_meter_name": "5.1 codex opt Gl 1M Tokens"}, "gpt-5.1-codex", "output", None),
    ("azure", {"x_sku_meter_name": "5 mini cd Inp Gl 1M Tokens"}, "gpt-5-mini", "cached-input", None),
    ("azure", {"x_sku_meter_name": "o4 mini Inp Glbl 1M Tokens"}, "o4-mini", "input", None),
    ("azure", {"x_sku_meter_name": "GPT 5 Batch outpt Glbl 1M Tokens"}, "gpt-5", "output", "batch"),
    ("azure", {"x_sku_meter_name": "gpt 4o mini 0718 cchd Inp glbl 1M Tokens"}, "gpt-4o-mini", "cached-input", None),
    ("google", {"sku_meter": "Gemini 2.5 Flash Lite Input Tokens"}, "gemini-2.5-flash-lite", "input", None),
    ("google", {"charge_description": "Claude Sonnet 4.5 Output Tokens"}, "claude-sonnet-4.5", "output", None),
    ("google", {"charge_description": "Gemini 2.5 Pro Cached Input Tokens"}, "gemini-2.5-pro", "cached-input", None),
    (
        "solora ai",
        {
            "sku_price_details": json.dumps(
                {
                    "ModelDeveloper": "Solora AI",
                    "ModelFamily": "Solora Saturn",
                    "ModelId": "solora-saturn-4.8",
                    "ModelVersion": "4.8",
                    "TokenType": "Input",
                }
            ),
            "sku_meter": "Input Tokens",
        },
        "solora-saturn-4.8",
        "input",
        None,
    ),
    (
        "solora ai",
        {
            "sku_price_details": json.dumps(
                {"ModelId": "solora-reasoning-pro", "TokenCacheAction": "Read", "TokenDirection": "Input"}
            )
        },
        "solora-reasoning-pro",
        "cached-input",
        None,
    ),
    (
        "solora ai",
        {
            "sku_price_details": json.dumps(
                {"ModelId": "solora-reasoning-pro", "TokenCacheAction": "Write", "TokenDirection": "Input"}
            )
        },
        "solora-reasoning-pro",
        "cache-write",
        None,
    ),
    (
        "solora ai",
        {"sku_price_details": '{"ModelId": "solora-reasoning-pro", "TokenDirection": "Output"}'},
        "solora-reasoning-pro",
        "output",
        None,
    ),
    ("solora ai", {"sku_meter": "Cache Read Input Tokens"}, None, "cached-input", None),
    ("solora ai", {"sku_meter": "Cache Write Input Tokens"}, None, "cache-write", None),
    (
        "openai",
        {"charge_description": "gpt-4o-mini-2024-07-18, cached input"},
        "gpt-4o-mini-2024-07-18",
        "cached-input",
        None,
    ),
    ("openai", {"charge_description": "gpt-4o-2024-08-06, output"}, "gpt-4o-2024-08-06", "output", None),
    ("openai", {"charge_description": "gpt-4o-2024-08-06, input"}, "gpt-4o-2024-08-06", "input", None),
    ("openai", {"charge_description": "Image models"}, None, None, None),
    ("solora ai", {"charge_description": "Batch output tokens for Solora Saturn"}, None, "output", "batch"),
    ("anthropic", {"sku_meter": "uncached_input_tokens"}, None, "input", None),
    ("anthropic", {"sku_meter": "cache_read_input_tokens"}, None, "cached-input", None),
    ("anthropic", {"sku_meter": "cache_creation.ephemeral_5m_input_tokens"}, None, "cache-write", None),
    ("anthropic", {"sku_meter": "output_tokens"}, None, "output", None),
    (
        "solora ai",
        {"charge_description": "Cache read input tokens for Solora Reasoning Pro"},
        None,
        "cached-input",
        None,
    ),
    (
        "solora ai",
        {"charge_description": "Cache write input tokens for Solora Reasoning Pro"},
        None,
        "cache-write",
        None,
    ),
    ("solora ai", {"charge_description": "Output tokens generated by Solora Saturn"}, None, "output", None),
    ("solora ai", {"charge_description": "Input tokens consumed by Solora Saturn"}, None, "input", None),
    ("aws", {"sku_meter": "Provisioned Throughput Model Units"}, None, None, None),
]


@pytest.fixture(scope="module")
def connection():
    with duckdb.connect() as con:
        con.execute(f"create table patterns as select * from read_csv('{SEED}', header = true, all_varchar = true)")
        yield con


def _parse(con, provider: str, texts: dict[str, str]) -> dict[str, tuple[str, str] | None]:
    """Per facet, the winning value and the pattern that gave it (facet, pattern_order)."""
    rows = con.execute(
        """
        select facet, cast(pattern_order as integer) as pattern_order,
            coalesce(facet_value, coalesce(model_prefix, '')
                || replace(lower(trim(regexp_extract(text_value, pattern, 1))), ' ', '-')) as parsed
        from (select *, json_extract_string(?::json, '$.' || text_column) as text_value from patterns)
        where (provider is null or provider = ?) and text_value is not null and regexp_matches(text_value, pattern)
        order by facet, pattern_order
        """,
        [json.dumps(texts), provider],
    ).fetchall()
    parsed: dict[str, tuple[str, str] | None] = {}
    for facet, order, value in rows:
        if facet not in parsed and value:
            parsed[facet] = (value, f"{facet}:{order}")
    return parsed


@pytest.mark.parametrize(("provider", "texts", "model", "token_type", "route"), CASES, ids=lambda v: str(v)[:40])
def test_pattern_reads_what_the_source_writes(connection, provider, texts, model, token_type, route) -> None:
    parsed = _parse(connection, provider, texts)
    got = tuple(parsed[facet][0] if facet in parsed else None for facet in ("model", "token_type", "route"))
    assert got == (model, token_type, route)


def test_every_pattern_decides_a_case(connection) -> None:
    deciding = {origin for case in CASES for _, origin in _parse(connection, case[0], case[1]).values()}
    rows = connection.execute("select facet || ':' || pattern_order from patterns").fetchall()
    assert {row[0] for row in rows} - deciding == set()
