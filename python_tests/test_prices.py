"""The price seed comes from genai-prices and prices calls exactly as the package does."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from genai_prices import Usage, data_snapshot

from aifinops.demo.pricing import PriceBook, component_costs
from aifinops.prices.refresh import build_catalogue
from python_tests.conftest import SEEDS


def test_seed_is_exactly_what_the_refresh_script_writes() -> None:
    rows, missing = build_catalogue(SEEDS / "model_tiers.csv")
    with (SEEDS / "model_prices.csv").open(newline="") as handle:
        committed = [line for line in csv.reader(handle)][1:]
    assert committed == [row.as_csv() for row in rows]
    assert missing == ["openai/ft:gpt-4.1-mini:acme:support-v2"]  # the fine-tune stays unpriced on purpose


CASES = [
    # model, started_at, input, cache read, cache write, output
    ("claude-sonnet-4-6", "2026-03-12T23:59:59", 250_000, 10_000, 0, 1_000),  # long context, old surcharge
    ("claude-sonnet-4-6", "2026-03-13T00:00:00", 250_000, 10_000, 0, 1_000),  # surcharge gone at the boundary
    ("claude-opus-4-6", "2026-02-01T10:00:00", 12_000, 4_000, 2_000, 900),
    ("claude-haiku-4-5", "2026-01-01T00:00:00", 3_000, 0, 1_500, 400),
    ("gpt-5", "2026-02-01T10:00:00", 9_000, 2_048, 0, 3_000),
    ("gpt-5-mini", "2026-04-01T10:00:00", 1_500, 1_024, 0, 200),
    ("o3", "2025-06-09T12:00:00", 5_000, 0, 0, 2_000),  # before the June 2025 price cut
    ("o3", "2025-06-10T00:00:00", 5_000, 0, 0, 2_000),
    ("gemini-2.5-pro", "2026-02-01T10:00:00", 200_001, 0, 0, 500),  # just over the tier threshold
    ("gemini-2.5-pro", "2026-02-01T10:00:00", 200_000, 0, 0, 500),  # exactly at it: base price
    ("gemini-2.5-flash-lite", "2026-02-01T10:00:00", 8_000, 3_000, 0, 300),
    ("mistral-medium-3-1", "2026-02-01T10:00:00", 1_300, 0, 0, 90),
    ("ministral-8b", "2026-02-01T10:00:00", 2_600, 0, 0, 260),
    ("text-embedding-3-small", "2026-02-01T10:00:00", 60, 0, 0, 0),
]


@pytest.mark.parametrize(("model", "started_at", "input_tokens", "cache_read", "cache_write", "output"), CASES)
def test_catalogue_price_matches_genai_prices(
    model: str, started_at: str, input_tokens: int, cache_read: int, cache_write: int, output: int
) -> None:
    tiers = {row["model_id"]: row["provider"] for row in csv.DictReader((SEEDS / "model_tiers.csv").open())}
    provider = next(p for p in data_snapshot.get_snapshot().providers if p.id == tiers[model])
    info = next(m for m in provider.models if m.id == model)
    timestamp = datetime.fromisoformat(started_at).replace(tzinfo=UTC)
    usage = Usage(
        input_tokens=input_tokens, cache_read_tokens=cache_read, cache_write_tokens=cache_write, output_tokens=output
    )
    expected = info.calc_price(usage, provider, genai_request_timestamp=timestamp).total_price

    book = PriceBook.from_csv(SEEDS / "model_prices.csv")
    models = [model]
    micros = np.array([int(timestamp.timestamp() * 1_000_000)])
    tokens = np.array([input_tokens])
    prices, _ = book.unit_prices(models, np.array([0]), np.array(["standard"]), micros, tokens)
    cost = component_costs(prices, tokens, np.array([cache_read]), np.array([cache_write]), np.array([output])).sum()
    assert Decimal(str(round(float(cost), 9))) == round(expected, 9)


def test_catalogue_has_history_tiers_and_routes() -> None:
    rows = list(csv.DictReader((SEEDS / "model_prices.csv").open()))
    assert any(row["valid_to"] for row in rows), "price history with end dates"
    assert any(row["input_tokens_above"] != "0" for row in rows), "tiered prices"
    assert {row["route"] for row in rows} >= {"standard", "batch", "priority"}
    assert all(row["price_source"].startswith("genai-prices ") for row in rows)
    assert Path(SEEDS / "model_prices.csv").read_text().count("\n") == len(rows) + 1
