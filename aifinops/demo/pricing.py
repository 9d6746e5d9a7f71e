"""Vectorised request pricing from seeds/model_prices.csv, with the warehouse's rules.

The price valid at started_at applies; a request whose input exceeds a row's `input_tokens_above`
is priced entirely at that row; a missing cache-write price means cache writes cost the input price;
a route without its own row (batch, priority) falls back to the standard price. Models without a
catalogue price use the provider's private price (what the invoice charges) when one is given.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

MICROS_PER_DAY = 86_400_000_000


def _micros(day: str) -> int:
    parsed = date.fromisoformat(day)
    return int(datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC).timestamp() * 1_000_000)


@dataclass(frozen=True)
class PriceRow:
    model_id: str
    route: str
    valid_from_us: int
    valid_to_us: int
    input_tokens_above: int
    per_mtok: tuple[float, float, float, float]  # input, cache read, cache write, output


class PriceBook:
    def __init__(self, rows: list[PriceRow]) -> None:
        self.rows = rows

    @classmethod
    def from_csv(
        cls,
        path: Path,
        private: dict[str, tuple[float, float, float, float]] | None = None,
        models: set[tuple[str, str]] | None = None,
    ) -> PriceBook:
        """The rows of `models` ((provider, model id) pairs; every row when None) and the private prices."""
        rows: list[PriceRow] = []
        with path.open(newline="") as handle:
            for entry in csv.DictReader(handle):
                if models is not None and (entry["provider"], entry["model_id"]) not in models:
                    continue
                input_price = float(entry["input_price_per_mtok"] or 0)
                rows.append(
                    PriceRow(
                        model_id=entry["model_id"],
                        route=entry["route"],
                        valid_from_us=_micros(entry["valid_from"]),
                        valid_to_us=_micros(entry["valid_to"]) if entry["valid_to"] else 2**62,
                        input_tokens_above=int(entry["input_tokens_above"]),
                        per_mtok=(
                            input_price,
                            float(entry["cache_read_price_per_mtok"] or input_price),
                            float(entry["cache_write_price_per_mtok"] or input_price),
                            float(entry["output_price_per_mtok"] or 0),
                        ),
                    )
                )
        for model_id, prices in (private or {}).items():
            rows.append(PriceRow(model_id, "standard", 0, 2**62, 0, prices))
        return cls(rows)

    def unit_prices(
        self,
        models: list[str],
        model_code: np.ndarray,
        route: np.ndarray,
        started_us: np.ndarray,
        input_tokens: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per-token prices (n x 4: input, cache read, cache write, output) and the index of the row used."""
        n = len(model_code)
        prices = np.full((n, 4), np.nan)
        row_index = np.full(n, -1, dtype=np.int64)
        for route_name in ("standard", "batch", "priority"):
            for index, row in enumerate(self.rows):
                if row.route != route_name:
                    continue
                code = models.index(row.model_id) if row.model_id in models else -1
                if code < 0:
                    continue
                hit = (
                    (model_code == code)
                    & (started_us >= row.valid_from_us)
                    & (started_us < row.valid_to_us)
                    & (input_tokens > row.input_tokens_above if row.input_tokens_above else True)
                )
                if route_name != "standard":
                    hit &= route == route_name
                # Rows come in ascending thresholds, so a later (higher) tier overwrites the base row.
                prices[hit] = np.asarray(row.per_mtok) / 1_000_000
                row_index[hit] = index
        return prices, row_index


def component_costs(
    prices: np.ndarray, input_tokens: np.ndarray, cache_read: np.ndarray, cache_write: np.ndarray, output: np.ndarray
) -> np.ndarray:
    """Cost of each token type (n x 4): uncached input, cache reads, cache writes, output."""
    uncached = input_tokens - cache_read - cache_write
    quantities = np.stack([uncached, cache_read, cache_write, output], axis=1).astype(np.float64)
    return quantities * prices
