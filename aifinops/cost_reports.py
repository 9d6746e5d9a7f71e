"""Convert the model providers' own cost reports into FOCUS-shaped billing lines for the raw `billing_focus` folder.

    python -m aifinops.cost_reports --format openai-costs --path costs.json [--raw data/raw] [--account ORG]
    python -m aifinops.cost_reports --format anthropic-costs --path cost_report.json

Formats (fields as the public API references document them, late 2026):
- `openai-costs`: pages of `GET /v1/organization/costs` (platform.openai.com/docs/api-reference/usage/costs):
  buckets with `start_time` / `end_time` (Unix seconds) and results with `amount.value` (a number, in
  `amount.currency`), `line_item` ("gpt-4o-mini-2024-07-18, cached input"), `project_id` and, where grouped by it,
  `api_key_id`. The line item becomes ChargeDescription; seed billing_sku_patterns reads the model and the token
  kind from it, as from any other invoice text.
- `anthropic-costs`: pages of `GET /v1/organizations/cost_report` (docs.anthropic.com/en/api/usage-cost-api):
  buckets with `starting_at` / `ending_at` (RFC 3339) and results whose `amount` is a decimal string in cents
  ("123.45" is 1.2345 US dollars), with `currency`, `description`, `cost_type`, `token_type`, `model`,
  `workspace_id`, `service_tier`, `context_window`. The model becomes x_Model, the token type SkuMeter (read by
  the same seed), the amount dollars.

A file holds one page (a JSON object with `data`), a JSON array of pages, or one page per line (JSON lines). The
provider's project, API key and workspace become FOCUS Tags (`openai_project_id`, `openai_api_key_id`,
`anthropic_workspace_id`, ...), so they stay with the cost. A file that cannot be read, or a record without an
amount or a bucket start, stops the conversion with the file and the line or record named, and nothing is written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

FORMATS = ("openai-costs", "anthropic-costs")
PROVIDERS = {"openai-costs": ("OpenAI", "OpenAI API"), "anthropic-costs": ("Anthropic", "Claude API")}
CENTS_PER_UNIT = Decimal(100)
# The FOCUS columns a converted line fills: instants, costs (64-bit floats) and text.
INSTANTS = ("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd")
COSTS = ("ListCost", "EffectiveCost", "BilledCost")
TEXTS = (
    "BillingAccountId", "ProviderName", "ServiceProviderName", "PublisherName", "InvoiceIssuerName", "ServiceName",
    "ServiceCategory", "ServiceSubcategory", "ChargeCategory", "ChargeFrequency", "ChargeDescription", "SkuId",
    "SkuMeter", "BillingCurrency", "Tags", "x_Model",
)  # fmt: skip
SCHEMA = pa.schema(
    [(name, pa.timestamp("us", tz="UTC")) for name in INSTANTS]
    + [(name, pa.float64()) for name in COSTS]
    + [(name, pa.string()) for name in TEXTS]
)


class ReportError(ValueError):
    """A report that cannot be converted: the message names the file and the line or record."""


def read_pages(path: Path) -> list[dict]:
    """The pages of a report file: one JSON object, an array of them, or one per line."""
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as whole_error:
        pages = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                pages.append(json.loads(line))
            except json.JSONDecodeError as error:
                where = whole_error if number == 1 else error
                line_number = where.lineno if number == 1 else number
                raise ReportError(f"{path}: line {line_number}: not JSON ({where.msg})") from None
        document = pages
    pages = document if isinstance(document, list) else [document]
    for index, page in enumerate(pages, start=1):
        if not isinstance(page, dict) or not isinstance(page.get("data"), list):
            raise ReportError(f"{path}: page {index}: not a report page (an object with a `data` list of buckets)")
    return pages


def _month_bounds(moment: datetime) -> tuple[datetime, datetime]:
    start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start, end


def _instant(value: object, where: str) -> datetime:
    if isinstance(value, bool) or value is None:
        raise ReportError(f"{where}: no bucket start or end")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        raise ReportError(f"{where}: {value!r} is not a Unix time or an RFC 3339 instant") from None


def _decimal(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ReportError(f"{where}: no amount")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ReportError(f"{where}: amount {value!r} is not a number") from None
    if not number.is_finite():
        raise ReportError(f"{where}: amount {value!r} is not a finite number")
    return number


def _tags(prefix: str, result: dict, keys: tuple[str, ...]) -> str | None:
    tags = {f"{prefix}_{key}": str(result[key]) for key in keys if result.get(key) not in (None, "")}
    return json.dumps(tags, sort_keys=True) if tags else None


def _line(fmt: str, account: str, start: datetime, end: datetime, result: dict, where: str) -> dict:
    provider, service = PROVIDERS[fmt]
    if fmt == "openai-costs":
        amount = result.get("amount")
        if not isinstance(amount, dict):
            raise ReportError(f"{where}: no amount")
        cost = _decimal(amount.get("value"), where)
        currency = str(amount.get("currency") or "usd").upper()
        description = result.get("line_item")
        meter = None
        model = None
        tags = _tags("openai", result, ("project_id", "project_name", "api_key_id", "organization_id"))
    else:
        cost = _decimal(result.get("amount"), where) / CENTS_PER_UNIT
        currency = str(result.get("currency") or "USD").upper()
        description = result.get("description")
        meter = result.get("token_type") or result.get("cost_type")
        model = result.get("model")
        tags = _tags("anthropic", result, ("workspace_id", "service_tier", "context_window", "cost_type"))
    billing_start, billing_end = _month_bounds(start)
    return {
        "BillingAccountId": account,
        "BillingPeriodStart": billing_start,
        "BillingPeriodEnd": billing_end,
        "ChargePeriodStart": start,
        "ChargePeriodEnd": end,
        "ProviderName": provider,
        "ServiceProviderName": provider,
        "PublisherName": provider,
        "InvoiceIssuerName": provider,
        "ServiceName": service,
        "ServiceCategory": "AI and Machine Learning",
        "ServiceSubcategory": "Generative AI",
        "ChargeCategory": "Usage",
        "ChargeFrequency": "Usage-Based",
        "ChargeDescription": description,
        "SkuId": "|".join(str(part) for part in (model, meter) if part) or description,
        "SkuMeter": meter,
        "ListCost": float(cost),
        "EffectiveCost": float(cost),
        "BilledCost": float(cost),
        "BillingCurrency": currency,
        "Tags": tags,
        "x_Model": model,
    }


def convert(fmt: str, path: Path, account: str | None = None) -> list[dict]:
    """The FOCUS lines of one report file, one per cost result; a ReportError names what cannot be read."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    account = account or f"{PROVIDERS[fmt][0].lower()}-organization"
    start_key, end_key = ("start_time", "end_time") if fmt == "openai-costs" else ("starting_at", "ending_at")
    lines = []
    for page_number, page in enumerate(read_pages(path), start=1):
        for bucket_number, bucket in enumerate(page["data"], start=1):
            where = f"{path}: page {page_number}, bucket {bucket_number}"
            if not isinstance(bucket, dict):
                raise ReportError(f"{where}: not a bucket object")
            start = _instant(bucket.get(start_key), where)
            end = _instant(bucket.get(end_key), where)
            for result_number, result in enumerate(bucket.get("results") or [], start=1):
                if not isinstance(result, dict):
                    raise ReportError(f"{where}, result {result_number}: not an object")
                lines.append(_line(fmt, account, start, end, result, f"{where}, result {result_number}"))
    return lines


def write_lines(lines: list[dict], folder: Path, source: Path, fmt: str) -> Path:
    """Write the lines as one Parquet file named by the report's content, so converting it again replaces it."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{fmt}-{digest}.parquet"
    partial = target.with_suffix(".parquet.partial")
    pq.write_table(pa.Table.from_pylist(lines, schema=SCHEMA), partial)
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m aifinops.cost_reports",
        description="Convert the OpenAI Costs API or the Anthropic cost report into FOCUS billing lines.",
    )
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument("--path", required=True, type=Path, help="a report file (JSON page, array or JSON lines)")
    parser.add_argument("--raw", type=Path, default=Path("data/raw"), help="the raw folder (default data/raw)")
    parser.add_argument("--account", help="BillingAccountId to write (default <provider>-organization)")
    args = parser.parse_args(argv)
    try:
        lines = convert(args.format, args.path, args.account)
    except (ReportError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    target = write_lines(lines, args.raw / "billing_focus", args.path, args.format)
    total = sum(Decimal(str(line["BilledCost"])) for line in lines)
    print(f"{len(lines)} billing lines, {total:.6f} billed, written to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
