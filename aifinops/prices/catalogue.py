"""Price rows of the whole genai-prices catalogue, as the warehouse applies them.

A model's prices are a list of conditional prices (always, from a start date, or during a daily UTC interval:
the last one that applies wins) plus price variants selected by the request (batch processing, priority /
flex / fast service tiers). The calendar is cut at every start date and the day at every time-of-day bound;
inside one cell every constraint is constant, so the package's own `ModelInfo.get_prices` evaluated once per
cell gives that cell's price. A route row is written only where the variant changes the standard price.
Tiered prices become one row per input-token threshold: a request whose input exceeds the threshold is
priced entirely at that row's rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from genai_prices import types

OPEN_START = date(2020, 1, 1)
SECONDS_PER_DAY = 86_400
# The request context (genai-prices `price_context`) a call on each route of the raw contract stands for.
ROUTE_CONTEXTS: dict[str, dict[str, str]] = {
    "batch": {"processing": "batch"},
    "priority": {"service_tier": "priority"},
    "flex": {"service_tier": "flex"},
    "fast": {"service_tier": "fast", "speed": "fast"},
}
# Price keys the raw contract can count, in the seed's column order; other keys (audio, images, web searches,
# pages) are listed per model in model_catalogue.price_keys_not_applied.
PRICE_COLUMNS: dict[str, str] = {
    "input_mtok": "input_price_per_mtok",
    "cache_read_mtok": "cache_read_price_per_mtok",
    "cache_write_mtok": "cache_write_price_per_mtok",
    "cache_write_1h_mtok": "cache_write_1h_price_per_mtok",
    "output_mtok": "output_price_per_mtok",
    "output_reasoning_mtok": "reasoning_price_per_mtok",
    "requests_kcount": "request_price_per_kcall",
}
TIERABLE_KEYS = tuple(PRICE_COLUMNS)


@dataclass(frozen=True)
class PriceRow:
    provider: str
    model_id: str
    route: str
    valid_from: date
    valid_to: date | None
    time_of_day_from_s: int
    time_of_day_to_s: int
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
            str(self.time_of_day_from_s),
            str(self.time_of_day_to_s),
            str(self.input_tokens_above),
            *["" if price is None else format(price.normalize(), "f") for price in self.prices],
            self.price_source,
        ]


def price_values(price: types.ModelPrice) -> dict[str, object]:
    """The non-null prices of a ModelPrice, by price key."""
    return {key: value for key, value in vars(price).items() if not key.startswith("_") and value is not None}


def _seconds(value: time) -> int:
    if value.tzinfo is not None:
        value = datetime.combine(date(1970, 1, 1), value).astimezone(UTC).time()
    return value.hour * 3600 + value.minute * 60 + value.second


def _constraints(model: types.ModelInfo) -> list[object]:
    found: list[object] = []
    if not isinstance(model.prices, types.ModelPrice):
        found.extend(conditional.constraint for conditional in model.prices)
    found.extend(variant.constraint for variant in model.price_variants or [])
    return [constraint for constraint in found if constraint is not None]


def _cells(model: types.ModelInfo) -> tuple[list[date], list[int]]:
    """Date bounds (each starts a date interval) and time-of-day bounds (seconds, 0 and 86400 included)."""
    dates = {OPEN_START}
    seconds = {0, SECONDS_PER_DAY}
    for constraint in _constraints(model):
        if isinstance(constraint, types.StartDateConstraint):
            dates.add(max(constraint.start_date, OPEN_START))
        elif isinstance(constraint, types.TimeOfDateConstraint):
            seconds.update({_seconds(constraint.start_time), _seconds(constraint.end_time)})
    return sorted(dates), sorted(seconds)


def _thresholds(values: dict[str, object]) -> list[int]:
    starts = {0}
    for key in TIERABLE_KEYS:
        value = values.get(key)
        if isinstance(value, types.TieredPrices):
            starts.update(tier.start for tier in value.tiers)
    return sorted(starts)


def _price_at(value: object, threshold: int) -> Decimal | None:
    """The price that applies to a request whose input exceeds `threshold` (0 = base)."""
    if value is None or isinstance(value, Decimal):
        return value
    assert isinstance(value, types.TieredPrices)
    applicable = value.base
    for tier in value.tiers:
        if threshold > 0 and threshold >= tier.start:
            applicable = tier.price
    return applicable


def _route_prices(model: types.ModelInfo, at: datetime, route: str) -> dict[str, object]:
    if route == "standard":
        return price_values(model.get_prices(at))
    return price_values(model.get_prices(at, ROUTE_CONTEXTS[route]))


def model_rows(provider_id: str, model: types.ModelInfo, source: str) -> list[PriceRow]:
    """Every price row of one model: the standard route, then each route where it differs."""
    dates, seconds = _cells(model)
    date_intervals = [(start, dates[i + 1] if i + 1 < len(dates) else None) for i, start in enumerate(dates)]
    day_intervals = list(zip(seconds[:-1], seconds[1:], strict=True))
    rows: list[PriceRow] = []
    for route in ("standard", *ROUTE_CONTEXTS):
        for day_from, day_to in day_intervals:
            runs: list[tuple[date, date | None, dict[str, object]]] = []
            for valid_from, valid_to in date_intervals:
                at = datetime.combine(valid_from, time(), tzinfo=UTC) + timedelta(seconds=day_from)
                values = _route_prices(model, at, route)
                if route != "standard" and values == _route_prices(model, at, "standard"):
                    continue  # the standard price applies: no route row
                if runs and runs[-1][2] == values and runs[-1][1] == valid_from:
                    runs[-1] = (runs[-1][0], valid_to, values)
                else:
                    runs.append((valid_from, valid_to, values))
            for valid_from, valid_to, values in runs:
                rows.extend(
                    PriceRow(
                        provider=provider_id,
                        model_id=model.id,
                        route=route,
                        valid_from=valid_from,
                        valid_to=valid_to,
                        time_of_day_from_s=day_from,
                        time_of_day_to_s=day_to,
                        input_tokens_above=threshold,
                        prices=tuple(_price_at(values.get(key), threshold) for key in PRICE_COLUMNS),
                        price_source=source,
                    )
                    for threshold in _thresholds(values)
                )
    return rows


def keys_not_applied(model: types.ModelInfo) -> list[str]:
    """Price keys of the model that the raw contract cannot count (audio, images, searches, pages)."""
    prices = [model.prices] if isinstance(model.prices, types.ModelPrice) else [c.prices for c in model.prices]
    prices += [variant.prices for variant in model.price_variants or []]
    return sorted({key for price in prices for key in price_values(price) if key not in PRICE_COLUMNS})
