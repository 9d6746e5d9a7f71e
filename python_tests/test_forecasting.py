"""Forecasts on the dirty demo build: point in time (no leakage), backtest against a naive forecast, plans."""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from genai_prices import Usage, data_snapshot

from python_tests.conftest import SEEDS, dbt

CHANGED_DAY = date(2026, 4, 15)
COLUMNS = "forecast_month, scope_type, scope_id, as_of_date, forecast_usd, forecast_p10_usd, forecast_p90_usd"


def _forecasts(database: Path) -> dict[tuple, tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(f"select {COLUMNS} from spend_forecast").fetchall()
    return {row[:4]: row[4:] for row in rows}


def _inflate_one_day(raw: Path, day: date) -> int:
    """Multiply the input tokens of every call on `day` by 20, in place. Returns the calls changed."""
    path = raw / "llm_requests" / f"llm_requests_{day:%Y-%m}.parquet"
    table = pq.read_table(path)
    on_day = pc.equal(pc.cast(table["started_at"], pa.date32()), pa.scalar(day, pa.date32()))
    on_day = pc.fill_null(on_day, False)
    tokens = table["input_tokens"]
    inflated = pc.if_else(on_day, pc.multiply(tokens, pa.scalar(20, tokens.type)), tokens)
    pq.write_table(table.set_column(table.schema.get_field_index("input_tokens"), "input_tokens", inflated), path)
    return pc.sum(on_day.cast(pa.int64())).as_py()


def test_no_forecast_uses_data_from_its_own_month_or_later(built, tmp_path: Path) -> None:
    raw, database, _ = built
    changed_raw = tmp_path / "raw"
    shutil.copytree(raw, changed_raw)
    assert _inflate_one_day(changed_raw, CHANGED_DAY) > 0
    changed_db = tmp_path / "changed.duckdb"
    result = dbt(
        ["build", "--select", "+spend_forecast", "--resource-type", "model", "--resource-type", "seed"],
        changed_raw,
        changed_db,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    before, after = _forecasts(database), _forecasts(changed_db)
    assert before.keys() == after.keys()
    moved = {key for key in before if any(abs(a - b) > 1e-9 for a, b in zip(before[key], after[key], strict=True))}
    # Forecasts made as of a day on or before the changed day never move; later ones see it (the test can fail).
    assert all(as_of > CHANGED_DAY for _, _, _, as_of in moved), sorted(moved)[:5]
    assert any(key[:3] == (date(2026, 5, 1), "company", "acme") for key in moved)


def test_backtest_beats_a_naive_forecast_and_ranges_are_ordered(built) -> None:
    _, database, _ = built
    with duckdb.connect(str(database), read_only=True) as connection:
        last = connection.execute(
            "select forecast_month, mape_6m, naive_mape_6m from forecast_variance where scope_type = 'company' "
            "order by forecast_month desc limit 1"
        ).fetchone()
        months = connection.execute(
            "select count(*), count(naive_absolute_pct_error) from forecast_variance where scope_type = 'company'"
        ).fetchone()
        recomputed = connection.execute(
            "select avg(abs(actual_usd - forecast_usd) / actual_usd) from forecast_variance "
            "where scope_type = 'company' and forecast_month > ? - interval 6 month",
            [last[0]],
        ).fetchone()[0]
        forward = connection.execute(
            "select count(*), min(horizon_months), max(horizon_months), "
            "count_if(not (forecast_p10_usd <= forecast_usd and forecast_usd <= forecast_p90_usd)) "
            "from spend_forecast where is_forward and scope_type = 'company'"
        ).fetchone()
    print(f"company MAPE over the backtest {last[1]:.3f}, naive {last[2]:.3f}")
    assert months[0] >= 4 and months[1] >= 4
    assert abs(recomputed - last[1]) < 1e-12  # the mart's MAPE is the mean of its monthly errors
    assert last[1] < last[2]
    assert forward == (3, 1, 3, 0)


def test_roadmap_steps_raise_the_forward_forecast_and_scenarios_sit_beside_it(built) -> None:
    _, database, _ = built
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select forecast_month, roadmap_factor, scenario_factor, forecast_usd, baseline_forecast_usd, "
            "scenario_forecast_usd from spend_forecast where is_forward and scope_type = 'workflow' "
            "and scope_id = 'coding_agent' order by 1"
        ).fetchall()
    by_month = {row[0]: row for row in rows}
    # The seed's devbot GA (+40 % coding agent from 2026-08) applies only from August.
    assert by_month[date(2026, 7, 1)][1] == 1.0 and abs(by_month[date(2026, 8, 1)][1] - 1.4) < 1e-9
    august = by_month[date(2026, 8, 1)]
    assert abs(august[3] - 1.4 * august[4]) < 1e-6
    # The Anthropic batch-pricing scenario (-15 % from July) touches the coding agent's Anthropic share.
    assert by_month[date(2026, 7, 1)][2] < 1.0 and by_month[date(2026, 7, 1)][5] < by_month[date(2026, 7, 1)][3]


def test_planned_workflows_are_priced_before_they_ship(built) -> None:
    _, database, _ = built
    seed = {row["planned_workflow_id"]: row for row in csv.DictReader(SEEDS.joinpath("planned_workflows.csv").open())}
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select planned_workflow_id, count(*), min(month_start_date), bool_or(is_unpriced), "
            "min(planned_fully_loaded_cost_usd), bool_or(has_actuals) from planned_workflow_costs group by 1"
        ).fetchall()
        launch_costs = connection.execute(
            "select planned_workflow_id, month_start_date, planned_model_cost_usd from planned_workflow_costs "
            "where month_start_date = planned_launch_month"
        ).fetchall()
    by_id = {row[0]: row for row in rows}
    assert set(by_id) == set(seed)
    assert all(row[1] == 12 and not row[3] and row[4] > 0 for row in rows)
    # Only the workflow that already runs has actuals beside its plan.
    assert [row[0] for row in rows if row[5]] == ["hr_policy_qa"]
    # The plan's model cost, priced again with genai_prices at the launch month.
    providers = {provider.id: provider for provider in data_snapshot.get_snapshot().providers}
    for workflow_id, month, cost in launch_costs:
        plan = seed[workflow_id]
        provider = providers[plan["provider"]]
        model = next(m for m in provider.models if m.id == plan["model_id"])
        input_tokens = int(plan["input_tokens_per_call"])
        cached = round(input_tokens * float(plan["cached_input_share"]))
        usage = Usage(
            input_tokens=input_tokens, cache_read_tokens=cached, output_tokens=int(plan["output_tokens_per_call"])
        )
        started = datetime.combine(month, datetime.min.time(), tzinfo=UTC)
        per_call = float(model.calc_price(usage, provider, genai_request_timestamp=started).total_price)
        calls = int(plan["expected_runs_per_month"]) * int(plan["calls_per_run"])
        assert abs(per_call * calls - cost) < 0.01, workflow_id
