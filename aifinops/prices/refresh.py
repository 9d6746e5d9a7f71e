"""Write the generated price seeds from the genai-prices package (pinned in requirements.txt).

Every provider and model of the package, never typed by hand:
- seeds/model_prices.csv: price rows with validity ranges, time-of-day ranges, tiers and routes (catalogue.py);
- seeds/model_catalogue.csv: one row per provider and model, in the package's match order;
- seeds/model_match_rules.csv: the match logic of models and providers as clause rows (match_rules.py);
- seeds/catalogue_providers.csv: providers in the package's order, and the providers whose models each one
  also serves at their prices (`fallback_model_providers`, Azure serving OpenAI's models for example).
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
from collections.abc import Iterable, Sequence
from pathlib import Path

from genai_prices import data_snapshot, types

from aifinops.prices.catalogue import PRICE_COLUMNS, PriceRow, keys_not_applied, model_rows
from aifinops.prices.match_rules import conjunctions

PRICE_HEADER = [
    "provider",
    "model_id",
    "route",
    "valid_from",
    "valid_to",
    "time_of_day_from_s",
    "time_of_day_to_s",
    "input_tokens_above",
    *PRICE_COLUMNS.values(),
    "price_source",
]
CATALOGUE_HEADER = [
    "provider",
    "model_id",
    "model_order",
    "model_name",
    "context_window_tokens",
    "is_deprecated",
    "price_keys_not_applied",
    "price_source",
]
RULE_HEADER = [
    "rule_scope",
    "provider",
    "model_id",
    "rule_order",
    "conjunction",
    "clause",
    "clause_kind",
    "clause_value",
    "is_negated",
]
PROVIDER_HEADER = ["provider", "provider_order", "provider_name", "fallback_provider", "fallback_order"]


def source_label() -> str:
    return f"genai-prices {importlib.metadata.version('genai-prices')}"


def providers() -> list[types.Provider]:
    return list(data_snapshot.get_snapshot().providers)


def price_rows(catalogue: Sequence[types.Provider]) -> list[PriceRow]:
    source = source_label()
    return [
        row for provider in catalogue for model in provider.models for row in model_rows(provider.id, model, source)
    ]


def catalogue_rows(catalogue: Sequence[types.Provider]) -> list[list[str]]:
    source = source_label()
    return [
        [
            provider.id,
            model.id,
            str(order),
            model.name or "",
            "" if model.context_window is None else str(model.context_window),
            "true" if model.deprecated else "false",
            " ".join(keys_not_applied(model)),
            source,
        ]
        for provider in catalogue
        for order, model in enumerate(provider.models, start=1)
    ]


def _rule_rows(scope: str, provider: str, model_id: str, order: int, logic: object) -> Iterable[list[str]]:
    for conjunction_number, conjunction in enumerate(conjunctions(logic), start=1):
        for clause_number, clause in enumerate(conjunction, start=1):
            yield [
                scope,
                provider,
                model_id,
                str(order),
                str(conjunction_number),
                str(clause_number),
                clause.kind,
                clause.value,
                "true" if clause.negated else "false",
            ]


def rule_rows(catalogue: Sequence[types.Provider]) -> list[list[str]]:
    rows: list[list[str]] = []
    for provider_order, provider in enumerate(catalogue, start=1):
        if provider.provider_match is not None:
            rows.extend(_rule_rows("provider_id", provider.id, "", provider_order, provider.provider_match))
        if provider.model_match is not None:
            rows.extend(_rule_rows("provider_model", provider.id, "", provider_order, provider.model_match))
        for model_order, model in enumerate(provider.models, start=1):
            rows.extend(_rule_rows("model", provider.id, model.id, model_order, model.match))
    return rows


def provider_rows(catalogue: Sequence[types.Provider]) -> list[list[str]]:
    rows: list[list[str]] = []
    for order, provider in enumerate(catalogue, start=1):
        fallbacks = provider.fallback_model_providers or []
        if not fallbacks:
            rows.append([provider.id, str(order), provider.name, "", ""])
        for fallback_order, fallback in enumerate(fallbacks, start=1):
            rows.append([provider.id, str(order), provider.name, fallback, str(fallback_order)])
    return rows


def _write(path: Path, header: list[str], rows: Iterable[list[str]]) -> int:
    count = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m aifinops.prices",
        description="Write the price catalogue seeds (prices, models, match rules, providers) from genai-prices.",
    )
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="seed folder (default: seeds)")
    args = parser.parse_args(argv)
    catalogue = providers()
    written = {
        "model_prices.csv": _write(
            args.seeds / "model_prices.csv", PRICE_HEADER, (r.as_csv() for r in price_rows(catalogue))
        ),
        "model_catalogue.csv": _write(args.seeds / "model_catalogue.csv", CATALOGUE_HEADER, catalogue_rows(catalogue)),
        "model_match_rules.csv": _write(args.seeds / "model_match_rules.csv", RULE_HEADER, rule_rows(catalogue)),
        "catalogue_providers.csv": _write(
            args.seeds / "catalogue_providers.csv", PROVIDER_HEADER, provider_rows(catalogue)
        ),
    }
    for name, count in written.items():
        print(f"wrote {count} rows to {args.seeds / name} ({source_label()})")
    return 0
