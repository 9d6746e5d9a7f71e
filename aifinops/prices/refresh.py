"""Write seeds/model_prices.csv from the genai-prices package.

For every model of seeds/model_tiers.csv, the package's price history becomes rows with a validity
range [valid_from, valid_to): conditional prices with a start date become consecutive periods, tiered
prices become one row per input-token threshold (a request whose input exceeds the threshold is priced
entirely at that row), and price variants (batch processing, priority / flex service tiers) become rows
of their own route. Models the package does not know are left out: the warehouse flags them unpriced.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from genai_prices import data_snapshot, types

PRICE_KEYS = ("input_mtok", "cache_read_mtok", "cache_write_mtok", "output_mtok")
OPEN_START = date(2020, 1, 1)
ROUTES = {("processing", "batch"): "batch", ("service_tier", "priority"): "priority", ("service_tier", "flex"): "flex"}
COLUMNS = [
    "provider",
    "model_id",
    "route",
    "valid_from",
    "valid_to",
    "input_tokens_above",
    "input_price_per_mtok",
    "cache_read_price_per_mtok",
    "cache_write_price_per_mtok",
    "output_price_per_mtok",
    "price_source",
]


@dataclass(frozen=True)
class PriceRow:
    provider: str
    model_id: str
    route: str
    valid_from: date
    valid_to: date | None
    input_tokens_above: int
    prices: tuple[Decimal | None, ...]
    price_source: str

    def as_csv(self) -> list[str]:
        return [
            self.provider,
            self.model_id,
            self.route,
            self.valid_from.isoformat(),
            self.valid_to.isoformat() if self.valid_to else "",
            str(self.input_tokens_above),
            *["" if price is None else format(price.normalize(), "f") for price in self.prices],
            self.price_source,
        ]


def _thresholds(price: types.ModelPrice) -> list[int]:
    starts = {0}
    for key in PRICE_KEYS:
        value = getattr(price, key)
        if isinstance(value, types.TieredPrices):
            starts.update(tier.start for tier in value.tiers)
    return sorted(starts)


def _price_at(value: Decimal | types.TieredPrices | None, threshold: int) -> Decimal | None:
    """The per-million price that applies to a request whose input exceeds `threshold` (0 = base)."""
    if value is None or isinstance(value, Decimal):
        return value
    applicable = value.base
    for tier in value.tiers:
        if threshold >= tier.start and threshold > 0:
            applicable = tier.price
    return applicable


def _periods(model: types.ModelInfo) -> list[tuple[date, date | None, types.ModelPrice]]:
    if isinstance(model.prices, types.ModelPrice):
        return [(OPEN_START, None, model.prices)]
    starts: list[tuple[date, types.ModelPrice]] = []
    for conditional in model.prices:
        constraint = conditional.constraint
        if constraint is None:
            starts.append((OPEN_START, conditional.prices))
        elif isinstance(constraint, types.StartDateConstraint):
            starts.append((constraint.start_date, conditional.prices))
        else:
            raise ValueError(f"{model.id}: time-of-day prices are not supported by the catalogue")
    starts.sort(key=lambda item: item[0])
    return [
        (start, starts[i + 1][0] if i + 1 < len(starts) else None, price) for i, (start, price) in enumerate(starts)
    ]


def _merge(standard: types.ModelPrice, override: types.ModelPrice) -> types.ModelPrice:
    merged = {key: getattr(standard, key) for key in PRICE_KEYS}
    merged.update({key: getattr(override, key) for key in PRICE_KEYS if getattr(override, key) is not None})
    return types.ModelPrice(**merged)


def model_rows(provider_id: str, model: types.ModelInfo, source: str) -> list[PriceRow]:
    """Every catalogue row of one model: standard periods, then one set per route variant."""
    rows: list[PriceRow] = []
    periods = _periods(model)
    for valid_from, valid_to, price in periods:
        rows.extend(_rows_for(provider_id, model.id, "standard", valid_from, valid_to, price, source))
    for variant in model.price_variants or []:
        route = next((ROUTES[item] for item in variant.when.items() if item in ROUTES), None)
        if route is None:
            continue
        start = (
            variant.constraint.start_date if isinstance(variant.constraint, types.StartDateConstraint) else OPEN_START
        )
        for valid_from, valid_to, price in periods:
            if valid_to is not None and valid_to <= start:
                continue
            rows.extend(
                _rows_for(
                    provider_id,
                    model.id,
                    route,
                    max(valid_from, start),
                    valid_to,
                    _merge(price, variant.prices),
                    source,
                )
            )
    return rows


def _rows_for(
    provider_id: str,
    model_id: str,
    route: str,
    valid_from: date,
    valid_to: date | None,
    price: types.ModelPrice,
    source: str,
) -> list[PriceRow]:
    return [
        PriceRow(
            provider=provider_id,
            model_id=model_id,
            route=route,
            valid_from=valid_from,
            valid_to=valid_to,
            input_tokens_above=threshold,
            prices=tuple(_price_at(getattr(price, key), threshold) for key in PRICE_KEYS),
            price_source=source,
        )
        for threshold in _thresholds(price)
    ]


def build_catalogue(model_tiers_csv: Path) -> tuple[list[PriceRow], list[str]]:
    """Price rows for the models of the tier seed, and the models the package could not price."""
    source = f"genai-prices {importlib.metadata.version('genai-prices')}"
    providers = {provider.id: provider for provider in data_snapshot.get_snapshot().providers}
    rows: list[PriceRow] = []
    missing: list[str] = []
    with model_tiers_csv.open(newline="") as handle:
        for entry in csv.DictReader(handle):
            provider = providers.get(entry["provider"])
            model = next((m for m in provider.models if m.id == entry["model_id"]), None) if provider else None
            if model is None:
                missing.append(f"{entry['provider']}/{entry['model_id']}")
                continue
            rows.extend(model_rows(provider.id, model, source))
    return rows, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m aifinops.prices",
        description=(
            "Refresh seeds/model_prices.csv from the genai-prices package for the models of seeds/model_tiers.csv."
        ),
    )
    parser.add_argument("--model-tiers", type=Path, default=Path("seeds/model_tiers.csv"))
    parser.add_argument("--output", type=Path, default=Path("seeds/model_prices.csv"))
    args = parser.parse_args(argv)
    rows, missing = build_catalogue(args.model_tiers)
    with args.output.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(row.as_csv() for row in rows)
    print(f"wrote {len(rows)} price rows to {args.output}")
    for name in missing:
        print(f"no price in genai-prices for {name}: it stays unpriced in the warehouse", file=sys.stderr)
    return 0
