"""Run the Great Expectations checkpoints: `python -m aifinops.quality raw` before `dbt build` (the raw Parquet
files of the contract), `python -m aifinops.quality marts` after it (the key marts of the DuckDB warehouse).

Exit 0 when nothing critical failed (row-level warnings are listed: the quarantine path deals with them), 1 with a
message naming the table and rule when something critical did (schema drift before the build, a broken invariant
after it). Data Docs (static HTML) are written to build/data_docs/.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import os
import shutil
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import great_expectations as gx
import pandas as pd

from aifinops.quality import readers
from aifinops.quality.suites import (
    MART_CHECKS,
    PROJECT_ROOT,
    READABLE_FAMILIES,
    REQUIRED_TABLES,
    ROW_KEYS,
    Check,
    contract,
    raw_checks,
    required_columns,
    schema_checks,
    type_family,
)

# The committed file context (gx/great_expectations.yml) is the template; each run works in a copy under build/
# (GX rewrites its config with fresh asset ids on every run), so a build leaves the repository clean.
TEMPLATE = PROJECT_ROOT / "gx" / "great_expectations.yml"
GX_ROOT = PROJECT_ROOT / "build"
STATE = PROJECT_ROOT / "build" / "quality" / "raw_row_counts.json"
MART_FRAMES = {
    "chargeback_vs_invoice": (
        "with charged as (select month_start_date, billing_currency, sum(chargeback_cost) as charged "
        "from {chargeback} group by 1, 2), billed as (select month_start_date, billing_currency, "
        "sum(billed_total_billing_currency) as billed from {provider_reconciliation} group by 1, 2) "
        "select month_start_date, billing_currency, coalesce(charged, 0) - coalesce(billed, 0) as difference_usd "
        "from charged full join billed using (month_start_date, billing_currency)"
    ),
    "daily_costs": "select spend_date, team_id, model_id, model_cost_usd, cache_savings_usd from {fct_daily_spend}",
    "allocation_accuracy": "select month_start_date, provider, allocation_accuracy from {allocation_accuracy}",
    "spend_forecast": (
        "select forecast_month, scope_type, scope_id, forecast_usd, forecast_p10_usd, forecast_p90_usd "
        "from {spend_forecast}"
    ),
}


@dataclass
class Failure:
    table: str
    severity: str
    rule: str
    column: str | None
    unexpected: int | None
    rows: list[dict] = field(default_factory=list)


def validate(context, table: str, frame: pd.DataFrame, checks: list[Check], suite_name: str) -> list[Failure]:
    """Validate one frame with one suite through a checkpoint; return what failed, with the offending rows."""
    suite = context.suites.add_or_update(gx.ExpectationSuite(name=suite_name))
    severities = {}
    for check in checks:
        expectation = copy.deepcopy(check.expectation)  # suites are rebuilt each run from the definitions
        expectation.id = None
        added = suite.add_expectation(expectation)
        severities[added.id] = check.severity
    suite.save()
    source = context.data_sources.add_or_update_pandas("warehouse")
    asset = (
        source.get_asset(suite_name)
        if suite_name in source.get_asset_names()
        else source.add_dataframe_asset(suite_name)
    )
    batch = next(iter(asset.batch_definitions), None) or asset.add_batch_definition_whole_dataframe("all")
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite_name, data=batch, suite=suite)
    )
    keys = [key for key in ROW_KEYS.get(table, ["column_name"]) if key in frame.columns]
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=suite_name,
            validation_definitions=[definition],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": keys},
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    failures = []
    for run in result.run_results.values():
        for outcome in run.results:
            if outcome.success:
                continue
            config = outcome.expectation_config
            details = outcome.result or {}
            rows = [
                {key: str(value) for key, value in row.items()} if isinstance(row, dict) else {"row": str(row)}
                for row in (details.get("unexpected_index_list") or [])
            ][:20]
            failures.append(
                Failure(
                    table=table,
                    severity=severities.get(config.id, "critical"),
                    rule=config.type,
                    column=config.kwargs.get("column") or config.kwargs.get("column_A"),
                    unexpected=details.get("unexpected_count"),
                    rows=rows,
                )
            )
    return failures


def schema_frame(found: dict[str, str], columns: dict[str, str], required: set[str] = frozenset()) -> pd.DataFrame:
    """One row per contract column with the type found (None when missing), whether a required column is there,
    whether the type converts to the contract's and whether the families agree. Names match case-insensitively."""
    by_name = {name.lower(): kind for name, kind in found.items()}
    rows = []
    for name, kind in columns.items():
        actual = by_name.get(name.lower())
        rows.append(
            {
                "column_name": name,
                "contract_type": kind,
                "actual_type": actual,
                "required_present": actual is not None or name not in required,
                "type_readable": actual is None or type_family(actual) in READABLE_FAMILIES,
                "type_matches": actual is not None and type_family(actual) == type_family(kind),
            }
        )
    return pd.DataFrame(rows)


def check_raw(context, reader, now: datetime, state_key: str) -> list[Failure]:
    # Row counts of the previous load of the same raw folder or dataset (one entry each, so sizes do not mix).
    state = json.loads(STATE.read_text()) if STATE.exists() else {}
    previous = state.get(state_key, {})
    counts: dict[str, int] = {}
    failures: list[Failure] = []
    required = required_columns()
    for table, columns in contract().items():
        failures += [
            Failure(table, "warning", f"not read (only {reader.read_kinds(table)} is): {path}", None, None)
            for path in reader.ignored_files(table)
        ]
        unreadable = reader.unreadable_files(table)
        if unreadable:
            failures += [Failure(table, "critical", f"readable file: {problem}", None, None) for problem in unreadable]
            continue
        if not reader.has_raw(table):
            if table in REQUIRED_TABLES:
                failures.append(Failure(table, "critical", f"raw table present ({reader.where(table)})", None, None))
            else:
                print(f"  absent   {table}: no rows at {reader.where(table)} (optional: its marts are empty)")
            continue
        relation = reader.raw_relation(table)
        found = reader.columns(relation)
        schema = schema_frame(found, columns, required.get(table, set()))
        drifted = validate(context, f"{table}_schema", schema, schema_checks(table), f"raw_{table}_schema")
        failures += drifted
        if any(failure.severity == "critical" for failure in drifted):
            continue  # the value checks assume the contract's columns
        frame = reader.raw_frame(relation)
        counts[table] = len(frame)
        # Value checks only on columns present in the contract's type family (others are read by a safe cast).
        matching = set(schema.loc[schema["type_matches"], "column_name"])
        contract_names = {name.lower(): name for name in columns}
        frame = frame.rename(columns={name: contract_names.get(name.lower(), name) for name in frame.columns})
        checks = [
            check
            for check in raw_checks(table, now, previous.get(table))
            if getattr(check.expectation, "column", None) in matching | {None}
        ]
        failures += validate(context, table, frame, checks, f"raw_{table}")
    state[state_key] = counts
    STATE.parent.mkdir(parents=True, exist_ok=True)
    STATE.write_text(json.dumps(state, indent=2) + "\n")
    return failures


def check_marts(context, reader) -> list[Failure]:
    failures: list[Failure] = []
    for name, sql in MART_FRAMES.items():
        failures += validate(context, name, reader.mart_frame(sql), MART_CHECKS[name], f"mart_{name}")
    return failures


def get_context():
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    runtime = GX_ROOT / "gx"
    runtime.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATE, runtime / "great_expectations.yml")
    return gx.get_context(mode="file", project_root_dir=str(GX_ROOT))


def report(failures: list[Failure], stage: str) -> int:
    critical = [failure for failure in failures if failure.severity == "critical"]
    for failure in failures:
        column = f" on {failure.column}" if failure.column else ""
        count = f": {failure.unexpected} rows" if failure.unexpected is not None else ""
        print(f"  {failure.severity:<8} {failure.table}: {failure.rule}{column}{count}")
        for row in failure.rows[:5]:
            print(f"           {row}")
    docs = PROJECT_ROOT / "build" / "data_docs" / "index.html"
    print(f"{stage}: {len(failures)} failed expectations ({len(critical)} critical). Data Docs: {docs}")
    if critical:
        tables = sorted({failure.table for failure in critical})
        print(f"STOP: critical expectations failed for {', '.join(tables)} — see above; the build stops here.")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aifinops.quality", description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=["raw", "marts"])
    parser.add_argument("--raw", type=Path, default=Path(os.environ.get("AI_FINOPS_RAW_PATH", "data/raw")))
    parser.add_argument(
        "--database", type=Path, default=Path(os.environ.get("AI_FINOPS_DUCKDB_PATH", "ai_finops.duckdb"))
    )
    args = parser.parse_args(argv)
    context = get_context()
    reader = readers.from_env(args.raw, args.database)
    if args.stage == "raw":
        key = str(args.raw.resolve()) if isinstance(reader, readers.DuckDBReader) else reader.raw_relation("*")
        failures = check_raw(context, reader, datetime.now(UTC), key)
    else:
        if isinstance(reader, readers.DuckDBReader) and not args.database.exists():
            print(f"{args.database} does not exist: run `make build` first", file=sys.stderr)
            return 1
        failures = check_marts(context, reader)
    context.build_data_docs()
    return report(failures, args.stage)
