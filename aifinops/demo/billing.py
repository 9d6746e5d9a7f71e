"""Provider invoices in FOCUS columns, derived from the true usage (including calls telemetry never saw)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pyarrow as pa

from aifinops.demo.catalogue import BILLING_CURRENCY, NEGOTIATED_DISCOUNT
from aifinops.demo.telemetry import MICROS_PER_DAY, Company, Period

PROVIDER_NAMES = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google Cloud", "mistral": "Mistral AI"}
SERVICE_NAMES = {
    "openai": "OpenAI API",
    "anthropic": "Claude API",
    "google": "Vertex AI Gemini API",
    "mistral": "Mistral La Plateforme",
}
ACCOUNTS = {
    "openai": "org-acme-7Hq2",
    "anthropic": "acme-enterprise-01",
    "google": "01A2B3-C4D5E6-F7A8B9",
    "mistral": "acme-eu-4411",
}
TOKEN_TYPES = ("input", "cached-input", "cache-write", "output")
# FOCUS 1.4 SkuMeter of each token type, as the spec's AI examples write it.
SKU_METERS = {
    "input": "Input Tokens",
    "cached-input": "Cache Read Input Tokens",
    "cache-write": "Cache Write Input Tokens",
    "output": "Output Tokens",
}
VAT_RATE = 0.20


def usd_per_unit(fx: dict[tuple[str, str], float], month: date, currency: str) -> float:
    """The seed's rate for a month, or a clear error naming the month the fx_rates seed must cover."""
    try:
        return fx[(month.isoformat(), currency)]
    except KeyError:
        raise SystemExit(
            f"seeds/fx_rates.csv has no {currency} rate for {month:%Y-%m}: add one, or choose a period it covers"
        ) from None


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def billing_table(
    company: Company,
    period: Period,
    requests: dict[str, np.ndarray],
    component_costs: np.ndarray,
    long_context: np.ndarray,
    fx: dict[tuple[str, str], float],
    outage_day: int,
) -> pa.Table:
    """Daily usage lines per model, token type and context tier, then monthly credits, tax and adjustments."""
    vocab = company.vocab
    n_models = len(vocab.models)
    day = (requests["started_us"] - period.start_us) // MICROS_PER_DAY
    key = (day * n_models + requests["model"]) * 2 + long_context.astype(np.int64)
    unique_keys, inverse = np.unique(key, return_inverse=True)
    quantities = np.stack(
        [
            requests["input_tokens"] - requests["cache_read"] - requests["cache_write"],
            requests["cache_read"],
            requests["cache_write"],
            requests["output_tokens"],
        ],
        axis=1,
    ).astype(np.float64)
    sums_q = np.zeros((len(unique_keys), 4))
    sums_c = np.zeros((len(unique_keys), 4))
    for column in range(4):
        sums_q[:, column] = np.bincount(inverse, weights=quantities[:, column], minlength=len(unique_keys))
        sums_c[:, column] = np.bincount(inverse, weights=component_costs[:, column], minlength=len(unique_keys))

    rows: list[dict[str, object]] = []
    usage_by_month: dict[tuple[str, date], float] = {}
    for index, packed in enumerate(unique_keys):
        is_long = bool(packed % 2)
        model_code = int(packed // 2 % n_models)
        day_offset = int(packed // 2 // n_models)
        charge_day = period.day(day_offset)
        model = vocab.models[model_code]
        provider = vocab.model_provider[model_code]
        currency = BILLING_CURRENCY[provider]
        rate = 1.0 / usd_per_unit(fx, _month_start(charge_day), currency)
        discount = NEGOTIATED_DISCOUNT[provider]
        for column, token_type in enumerate(TOKEN_TYPES):
            tokens = sums_q[index, column]
            if tokens <= 0:
                continue
            list_cost = sums_c[index, column] * rate
            effective = list_cost * (1 - discount)
            sku = f"{model}:{token_type}{':long-context' if is_long else ''}"
            rows.append(
                _line(
                    provider,
                    charge_day,
                    charge_day + timedelta(days=1),
                    "Usage",
                    sku,
                    f"{model} {token_type.replace('-', ' ')} tokens{' (over 200k context)' if is_long else ''}",
                    tokens,
                    list_cost,
                    effective,
                    currency,
                    model,
                    token_type,
                )
            )
            month_key = (provider, _month_start(charge_day))
            usage_by_month[month_key] = usage_by_month.get(month_key, 0.0) + round(effective, 2)

    for (provider, month), usage in sorted(usage_by_month.items()):
        end = min(_next_month(month), period.day(period.days))
        if provider == "google":
            credit = -round(usage * 0.05, 2)
            rows.append(
                _line(
                    provider,
                    month,
                    end,
                    "Credit",
                    "promotional-credit",
                    "Vertex AI promotional credit (5 %)",
                    None,
                    credit,
                    credit,
                    "USD",
                    None,
                    None,
                )
            )
        if provider == "anthropic" and month == _month_start(period.start):
            rows.append(
                _line(
                    provider,
                    month,
                    end,
                    "Credit",
                    "onboarding-credit",
                    "Enterprise onboarding credit",
                    None,
                    -250.0,
                    -250.0,
                    "USD",
                    None,
                    None,
                )
            )
        if provider == "mistral":
            tax = round(usage * VAT_RATE, 2)
            rows.append(
                _line(
                    provider,
                    month,
                    end,
                    "Tax",
                    "vat-fr",
                    "VAT 20 % (reverse charge not applied)",
                    None,
                    tax,
                    tax,
                    BILLING_CURRENCY[provider],
                    None,
                    None,
                )
            )
    outage = period.day(outage_day)
    refund = -round(usage_by_month.get(("openai", _month_start(outage)), 0.0) * 0.01, 2)
    rows.append(
        _line(
            "openai",
            outage,
            outage + timedelta(days=1),
            "Adjustment",
            "sla-credit",
            "Service credit for the degraded-service incident",
            None,
            refund,
            refund,
            "USD",
            None,
            None,
        )
    )
    for offset in range(period.days):
        charge_day = period.day(offset)
        storage = 4.0 + (offset % 7) * 0.15
        rows.append(
            _line(
                "google",
                charge_day,
                charge_day + timedelta(days=1),
                "Usage",
                "cloud-storage-standard",
                "Cloud Storage standard class",
                210.0 + offset,
                storage,
                storage,
                "USD",
                None,
                None,
                service=("Cloud Storage", "Storage"),
                unit="GB-Months",
            )
        )
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _line(
    provider: str,
    start: date,
    end: date,
    category: str,
    sku: str,
    description: str,
    quantity: float | None,
    list_cost: float,
    effective_cost: float,
    currency: str,
    model: str | None,
    token_type: str | None,
    service: tuple[str, str] | None = None,
    unit: str = "Tokens",
) -> dict[str, object]:
    month = _month_start(start)
    service_name, service_category = service or (SERVICE_NAMES[provider], "AI and Machine Learning")
    pricing_quantity = None if quantity is None else (quantity / 1_000_000 if unit == "Tokens" else quantity)
    return {
        "BillingAccountId": ACCOUNTS[provider],
        "BillingAccountName": f"Acme Corp - {PROVIDER_NAMES[provider]}",
        "BillingPeriodStart": _ts(month),
        "BillingPeriodEnd": _ts(_next_month(month)),
        "ChargePeriodStart": _ts(start),
        "ChargePeriodEnd": _ts(end),
        "ProviderName": PROVIDER_NAMES[provider],
        "ServiceProviderName": PROVIDER_NAMES[provider],
        "HostProviderName": PROVIDER_NAMES[provider],
        "PublisherName": PROVIDER_NAMES[provider],
        "InvoiceIssuerName": PROVIDER_NAMES[provider],
        "InvoiceId": f"INV-{provider.upper()}-{month:%Y%m}",
        "ServiceName": service_name,
        "ServiceCategory": service_category,
        "ServiceSubcategory": "Generative AI" if service is None else "Object Storage",
        "SkuId": sku,
        "SkuPriceId": f"{sku}-ondemand" if sku else None,
        "SkuMeter": SKU_METERS.get(token_type) if token_type else None,
        "SkuPriceDetails": None,
        "ChargeCategory": category,
        "ChargeClass": None,
        "ChargeFrequency": "Usage-Based" if category == "Usage" else "One-Time",
        "ChargeDescription": description,
        "ConsumedQuantity": quantity,
        "ConsumedUnit": unit if quantity is not None else None,
        "PricingQuantity": pricing_quantity,
        "PricingUnit": ("1000000 Tokens" if unit == "Tokens" else unit) if quantity is not None else None,
        "ListUnitPrice": (list_cost / pricing_quantity) if pricing_quantity else None,
        "ListCost": round(list_cost, 6),
        "ContractedCost": round(effective_cost, 6),
        "EffectiveCost": round(effective_cost, 6),
        "BilledCost": round(effective_cost, 2),
        "BillingCurrency": currency,
        "Tags": json.dumps({"workspace": "acme-production"}),
        "x_Model": model,
        "x_TokenType": token_type,
        # The clouds' extension columns (Azure meters, AWS usage types): this demo's providers write none.
        "x_SkuMeterName": None,
        "x_SkuMeterCategory": None,
        "x_UsageType": None,
        "x_Operation": None,
    }


def _ts(day: date) -> int:
    return (day - date(1970, 1, 1)).days * MICROS_PER_DAY


SCHEMA = pa.schema(
    [
        ("BillingAccountId", pa.string()),
        ("BillingAccountName", pa.string()),
        ("BillingPeriodStart", pa.timestamp("us", tz="UTC")),
        ("BillingPeriodEnd", pa.timestamp("us", tz="UTC")),
        ("ChargePeriodStart", pa.timestamp("us", tz="UTC")),
        ("ChargePeriodEnd", pa.timestamp("us", tz="UTC")),
        ("ProviderName", pa.string()),
        ("ServiceProviderName", pa.string()),
        ("HostProviderName", pa.string()),
        ("PublisherName", pa.string()),
        ("InvoiceIssuerName", pa.string()),
        ("InvoiceId", pa.string()),
        ("ServiceName", pa.string()),
        ("ServiceCategory", pa.string()),
        ("ServiceSubcategory", pa.string()),
        ("SkuId", pa.string()),
        ("SkuPriceId", pa.string()),
        ("SkuMeter", pa.string()),
        ("SkuPriceDetails", pa.string()),
        ("ChargeCategory", pa.string()),
        ("ChargeClass", pa.string()),
        ("ChargeFrequency", pa.string()),
        ("ChargeDescription", pa.string()),
        ("ConsumedQuantity", pa.float64()),
        ("ConsumedUnit", pa.string()),
        ("PricingQuantity", pa.float64()),
        ("PricingUnit", pa.string()),
        ("ListUnitPrice", pa.float64()),
        ("ListCost", pa.float64()),
        ("ContractedCost", pa.float64()),
        ("EffectiveCost", pa.float64()),
        ("BilledCost", pa.float64()),
        ("BillingCurrency", pa.string()),
        ("Tags", pa.string()),
        ("x_Model", pa.string()),
        ("x_TokenType", pa.string()),
        ("x_SkuMeterName", pa.string()),
        ("x_SkuMeterCategory", pa.string()),
        ("x_UsageType", pa.string()),
        ("x_Operation", pa.string()),
    ]
)
