"""The generated price seeds hold the whole genai-prices catalogue and price calls exactly as the package does.

The rows are read here by a plain Python reading of the warehouse's rule (row of the call's route else standard,
valid on its UTC day and time of day, highest input-token threshold it exceeds; uncached input, cache reads,
5-minute and 1-hour cache writes, output and reasoning tokens each at their price, a missing price falling back
as the package decomposes usage) and compared with `genai_prices` itself (`ModelInfo.calc_price`).
"""

from __future__ import annotations

import csv
import random
import re
import warnings
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from genai_prices import Usage, data_snapshot, types

from aifinops.prices import refresh
from aifinops.prices.catalogue import ROUTE_CONTEXTS
from aifinops.prices.match_rules import Clause, conjunctions, matches
from python_tests.conftest import SEEDS

GENERATED = ("model_prices", "model_catalogue", "model_match_rules", "catalogue_providers")


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeds")
    assert refresh.main(["--seeds", str(folder)]) == 0
    return folder


@pytest.mark.parametrize("name", GENERATED)
def test_seed_is_exactly_what_the_refresh_writes(regenerated: Path, name: str) -> None:
    assert (SEEDS / f"{name}.csv").read_text() == (regenerated / f"{name}.csv").read_text()


def test_every_provider_and_model_of_the_package_is_in_the_catalogue() -> None:
    package = {(p.id, m.id) for p in data_snapshot.get_snapshot().providers for m in p.models}
    assert len(package) > 2000
    assert {(r["provider"], r["model_id"]) for r in _rows("model_catalogue")} == package
    assert {(r["provider"], r["model_id"]) for r in _rows("model_prices")} == package
    assert {r["price_source"] for r in _rows("model_prices")} == {refresh.source_label()}


def test_catalogue_holds_history_tiers_time_of_day_routes_and_cache_ttl() -> None:
    rows = _rows("model_prices")
    assert any(r["valid_to"] for r in rows), "start-dated prices become validity ranges"
    assert any(r["input_tokens_above"] != "0" for r in rows), "tiered prices"
    assert any(r["time_of_day_from_s"] != "0" for r in rows), "time-of-day prices"
    assert {r["route"] for r in rows} >= {"standard", "batch", "priority", "flex", "fast"}
    assert any(r["cache_write_1h_price_per_mtok"] not in ("", r["cache_write_price_per_mtok"]) for r in rows)
    assert any(r["reasoning_price_per_mtok"] for r in rows)


def _price(row: dict[str, str], key: str) -> Decimal | None:
    return Decimal(row[key]) if row[key] else None


def _first(*values: Decimal | None) -> Decimal:
    return next((value for value in values if value is not None), Decimal(0))


def _row_for(rows: list[dict[str, str]], route: str, at: datetime, input_tokens: int) -> dict[str, str] | None:
    second = at.hour * 3600 + at.minute * 60 + at.second

    def applies(row: dict[str, str]) -> bool:
        return (
            date.fromisoformat(row["valid_from"]) <= at.date()
            and (not row["valid_to"] or at.date() < date.fromisoformat(row["valid_to"]))
            and int(row["time_of_day_from_s"]) <= second < int(row["time_of_day_to_s"])
            and (row["input_tokens_above"] == "0" or input_tokens > int(row["input_tokens_above"]))
        )

    for wanted in dict.fromkeys((route, "standard")):
        candidates = [row for row in rows if row["route"] == wanted and applies(row)]
        if candidates:
            return max(candidates, key=lambda row: int(row["input_tokens_above"]))
    return None


def _cost(row: dict[str, str], tokens: dict[str, int]) -> Decimal:
    inp = _price(row, "input_price_per_mtok")
    write = _price(row, "cache_write_price_per_mtok")
    out = _price(row, "output_price_per_mtok")
    per_token = (
        (tokens["input"] - tokens["cache_read"] - tokens["cache_write"]) * _first(inp)
        + tokens["cache_read"] * _first(_price(row, "cache_read_price_per_mtok"), inp)
        + (tokens["cache_write"] - tokens["cache_write_1h"]) * _first(write, inp)
        + tokens["cache_write_1h"] * _first(_price(row, "cache_write_1h_price_per_mtok"), write, inp)
        + (tokens["output"] - tokens["reasoning"]) * _first(out)
        + tokens["reasoning"] * _first(_price(row, "reasoning_price_per_mtok"), out)
    )
    return per_token / Decimal(1_000_000) + _first(_price(row, "request_price_per_kcall")) / Decimal(1000)


def test_rows_price_a_large_sample_exactly_as_genai_prices() -> None:
    """Three calls per catalogue model (about 7,000): at start-date, time-of-day and tier edges, every route."""
    by_model: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in _rows("model_prices"):
        by_model.setdefault((row["provider"], row["model_id"]), []).append(row)
    rng = random.Random(23)
    checked, wrong = 0, []
    for provider in data_snapshot.get_snapshot().providers:
        for model in provider.models:
            rows = by_model[(provider.id, model.id)]
            routes = sorted({row["route"] for row in rows} - {"standard"})
            for _ in range(3):
                route = rng.choice(["standard", "standard", *routes])
                day = rng.choice([date.fromisoformat(row["valid_from"]) for row in rows] + [date(2026, 6, 1)])
                day = max(date(2020, 1, 1), day + timedelta(days=rng.choice([0, 0, -1, 3])))
                seconds = rng.choice(sorted({int(row["time_of_day_from_s"]) for row in rows}))
                seconds = min(86_399, max(0, seconds + rng.choice([0, -1, 1, 3600])))
                at = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=seconds)
                threshold = rng.choice(sorted({int(row["input_tokens_above"]) for row in rows}))
                input_tokens = max(1, threshold + rng.choice([0, 1, -1, 500]))
                cache_read = rng.randint(0, input_tokens // 3)
                cache_write = rng.randint(0, (input_tokens - cache_read) // 3)
                tokens = {
                    "input": input_tokens,
                    "cache_read": cache_read,
                    "cache_write": cache_write,
                    "cache_write_1h": rng.randint(0, cache_write),
                    "output": (output := rng.randint(0, 5000)),
                    "reasoning": rng.randint(0, output),
                }
                usage = Usage(
                    input_tokens=tokens["input"],
                    cache_read_tokens=tokens["cache_read"],
                    cache_write_tokens=tokens["cache_write"],
                    cache_write_1h_tokens=tokens["cache_write_1h"],
                    output_tokens=tokens["output"],
                    output_reasoning_tokens=tokens["reasoning"],
                )
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    expected = model.calc_price(
                        usage, provider, genai_request_timestamp=at, price_context=ROUTE_CONTEXTS.get(route)
                    ).total_price
                row = _row_for(rows, route, at, input_tokens)
                checked += 1
                if row is None or abs(_cost(row, tokens) - expected) > Decimal("1e-12"):
                    wrong.append((provider.id, model.id, route, at.isoformat(), tokens, expected))
    assert checked > 6000
    assert wrong == []


def test_negative_look_ahead_becomes_a_negated_clause() -> None:
    translated = conjunctions(types.ClauseRegex(regex="^(?![^/]+/)(?:labs-)?mistral"))
    assert translated == [[Clause("regex", "^(?:[^/]+/)", negated=True), Clause("regex", "^(?:labs-)?mistral")]]
    assert matches(translated, "mistral-large") and matches(translated, "labs-mistral-small")
    assert not matches(translated, "openrouter/mistral-large")


def _texts() -> list[str]:
    """Model strings to try every rule on: catalogue ids, every clause value, and variants of both."""
    values = {row["model_id"].lower() for row in _rows("model_catalogue")}
    values |= {row["clause_value"] for row in _rows("model_match_rules") if row["clause_kind"] != "regex"}
    variants = set()
    for value in sorted(values):
        variants |= {value, f"{value}-2025-08-07", f"us.{value}", f"openai/{value}", value[:-1], f"{value}-tts"}
    return sorted(variants)


def test_rule_rows_match_exactly_what_the_package_matches() -> None:
    rules: dict[tuple[str, str, str], dict[str, list[Clause]]] = {}
    for row in _rows("model_match_rules"):
        key = (row["rule_scope"], row["provider"], row["model_id"])
        clause = Clause(row["clause_kind"], row["clause_value"], row["is_negated"] == "true")
        rules.setdefault(key, {}).setdefault(row["conjunction"], []).append(clause)
    package: dict[tuple[str, str, str], object] = {}
    for provider in data_snapshot.get_snapshot().providers:
        if provider.provider_match is not None:
            package[("provider_id", provider.id, "")] = provider.provider_match
        if provider.model_match is not None:
            package[("provider_model", provider.id, "")] = provider.model_match
        for model in provider.models:
            package[("model", provider.id, model.id)] = model.match
    assert set(rules) == set(package)
    texts = _texts()
    rng = random.Random(5)
    sample = rng.sample(texts, 400)
    mismatches = []
    for key, logic in package.items():
        rule = list(rules[key].values())
        # every rule on the texts it is about (its own values) and on a common sample
        own = [text for text in texts if any(c.value in text for conj in rule for c in conj if c.kind != "regex")]
        for text in sample + own[:50]:
            if matches(rule, text) != logic.is_match(text):  # type: ignore[attr-defined]
                mismatches.append((key, text))
    assert mismatches == []


def test_regexes_are_re2_compatible() -> None:
    """DuckDB and BigQuery run RE2: no look-around, no back-references in any regex clause."""
    regexes = {row["clause_value"] for row in _rows("model_match_rules") if row["clause_kind"] == "regex"}
    assert regexes
    assert not [regex for regex in regexes if re.search(r"\(\?[=!<]|\\[1-9]", regex)]
