"""The demo generator: deterministic, shaped like a real company, with every named scenario present."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aifinops.demo.cli import ROW_GROUP_ROWS, write_tables
from python_tests.conftest import make_demo

RAW_TABLES = ("llm_requests", "workflow_runs", "billing_focus", "governance_events", "ai_subscriptions")


def read(folder: Path, table: str):
    return pq.read_table(folder / table)


def test_same_seed_gives_identical_tables_and_another_seed_does_not(tmp_path: Path) -> None:
    first = make_demo(tmp_path / "a", requests=8_000, days=40, seed=11)
    second = make_demo(tmp_path / "b", requests=8_000, days=40, seed=11)
    third = make_demo(tmp_path / "c", requests=8_000, days=40, seed=12)
    for table in RAW_TABLES:
        assert read(first, table).equals(read(second, table)), table
    assert not read(first, "llm_requests").equals(read(third, "llm_requests"))


def test_size_flags_are_honoured(sql, manifest) -> None:
    calls, first_day, last_day = sql("select count(*), min(started_at)::date, max(started_at)::date from llm_requests")[
        0
    ]
    assert manifest["true_usage"]["calls"] == 60_000
    assert calls == manifest["true_usage"]["calls_in_telemetry"] < 60_000  # the rest never reached telemetry
    assert first_day == date(2025, 12, 1) and last_day == date(2026, 5, 31)


def test_company_shape(sql) -> None:
    departments, teams = sql("select count(distinct department_id), count(*) from teams")[0]
    assert departments >= 4 and teams >= 12
    workflows, task_types = sql("select count(distinct workflow), count(distinct task_type) from llm_requests")[0]
    assert workflows >= 10 and task_types >= 10
    providers, models = sql(
        "select count(distinct t.provider), count(distinct t.model_id) from llm_requests r "
        "join model_tiers t on r.request_model = t.model_id"
    )[0]
    assert providers == 4 and models >= 15
    tiers = {row[0] for row in sql("select distinct model_tier from model_tiers")}
    assert tiers == {"premium", "standard", "economy"}


def test_agent_runs_retries_fallbacks_cache_and_outcomes(sql) -> None:
    longest_agent_run = sql(
        "select max(n) from (select workflow_run_id, count(*) n from llm_requests where workflow = 'variance_analyst' "
        "group by 1)"
    )[0][0]
    assert longest_agent_run >= 10
    retries, fallbacks, cached, errors_with_tokens = sql(
        "select count(*) filter (retry_attempt > 0), count(*) filter (is_fallback), "
        "count(*) filter (cache_read_input_tokens > 0), count(*) filter (status = 'error' and input_tokens > 0) "
        "from llm_requests"
    )[0]
    assert retries > 100 and fallbacks > 20 and cached > 1_000 and errors_with_tokens > 10
    statuses = dict(sql("select status, count(*) from workflow_runs group by 1"))
    assert set(statuses) == {"completed", "failed", "abandoned", "blocked"}
    reviewed, accepted, rejected, unreviewed = sql(
        "select count(*) filter (human_review_minutes > 0), count(*) filter (output_accepted), "
        "count(*) filter (not output_accepted), count(*) filter (output_accepted is null and status = 'completed') "
        "from workflow_runs"
    )[0]
    assert reviewed > 1_000 and accepted > rejected > 0 and unreviewed > 0


def test_weekday_business_hour_seasonality_and_growth(sql) -> None:
    weekday, weekend = sql(
        "select avg(n) filter (dow not in (0, 6)), avg(n) filter (dow in (0, 6)) from "
        "(select started_at::date d, dayofweek(started_at::date) dow, count(*) n from llm_requests group by 1, 2)"
    )[0]
    assert weekday > 2 * weekend
    business, night = sql(
        "select count(*) filter (hour(started_at) between 13 and 20), "
        "count(*) filter (hour(started_at) between 1 and 8) "
        "from llm_requests where workflow != 'invoice_extraction'"
    )[0]
    assert business > 3 * night
    december, april = sql(
        "select count(*) filter (month(started_at) = 12), count(*) filter (month(started_at) = 4) from workflow_runs"
    )[0]
    assert april > 1.2 * december  # about 7 % a month for four months


def test_runaway_agent_loop(sql, manifest) -> None:
    scenario = manifest["scenarios"]["runaway_agent_loop"]
    day = scenario["day"]
    loops = sql(
        "select r.workflow_run_id, count(*) from llm_requests r join workflow_runs w using (workflow_run_id) "
        f"where w.workflow = 'coding_agent' and w.requesting_team = 'platform_eng' and w.started_at::date = '{day}' "
        "and w.status = 'failed' group by 1 having count(*) >= 200"
    )
    assert len(loops) == 6
    elsewhere = sql(
        "select count(*) from (select workflow_run_id from llm_requests where workflow = 'coding_agent' "
        f"and started_at::date != '{day}' group by 1 having count(*) >= 200)"
    )[0][0]
    assert elsewhere == 0


def test_premium_drift_in_one_team(sql, manifest) -> None:
    start = date.fromisoformat(manifest["scenarios"]["premium_model_drift"]["from_day"])
    ramped = (start + timedelta(days=12)).isoformat()
    before, after = sql(
        "select avg((request_model = 'claude-opus-4-6')::int) filter (started_at < '" + start.isoformat() + "'), "
        "avg((request_model = 'claude-opus-4-6')::int) filter (started_at >= '" + ramped + "') "
        "from llm_requests where workflow = 'sales_email_personalisation' and environment = 'production'"
    )[0]
    assert before == 0 and after > 0.5


def test_unexpected_weekend_spike(sql, manifest) -> None:
    day = manifest["scenarios"]["weekend_spike"]["day"]
    assert date.fromisoformat(day).weekday() == 5
    spike, typical = sql(
        "select max(n) filter (d = '" + day + "'), median(n) filter (d != '" + day + "') from "
        "(select started_at::date d, count(*) n from workflow_runs where workflow = 'marketing_copy' "
        "and dayofweek(started_at) = 6 group by 1)"
    )[0]
    assert spike > 10 * typical


def test_broken_release_rejects_every_finished_run_of_its_day(sql, manifest) -> None:
    day = manifest["scenarios"]["broken_release"]["day"]
    by_day = sql(
        "select started_at::date = '" + day + "' as on_day, count(*) filter (status = 'completed'), "
        "count(*) filter (output_accepted) from workflow_runs where workflow = 'invoice_extraction' group by 1 "
        "order by 1"
    )
    (_, other_finished, other_accepted), (_, finished, accepted) = by_day
    assert finished >= 5 and accepted == 0
    assert other_accepted > 0.8 * other_finished


def test_verbose_output_multiplies_output_tokens_for_one_day(sql, manifest) -> None:
    scenario = manifest["scenarios"]["verbose_output"]
    ratios = dict(
        sql(
            "select started_at::date = '" + scenario["day"] + "', sum(output_tokens) / sum(input_tokens) "
            "from llm_requests where workflow = 'call_summarisation' group by 1"
        )
    )
    assert scenario["calls"] > 0
    assert ratios[True] > 5 * ratios[False]


def test_abandoned_licence_has_no_active_seat_from_its_month(sql, manifest) -> None:
    abandoned = manifest["scenarios"]["abandoned_licence"]
    active = [
        row[0]
        for row in sql(
            "select seats_active from ai_subscriptions where subscription_id = '"
            + abandoned["subscription_id"]
            + "' order by month"
        )
    ]
    start = abandoned["no_active_seat_from_month"]
    assert all(seats > 0 for seats in active[:start]) and all(seats == 0 for seats in active[start:])
    assert len(active) > start + 1


def test_provider_price_change_mid_period_reaches_long_context_calls(sql) -> None:
    prices = sql(
        "select valid_from, valid_to, input_price_per_mtok from model_prices where model_id = 'claude-sonnet-4-6' "
        "and route = 'standard' and input_tokens_above = 200000"
    )
    assert prices and all(valid_to == date(2026, 3, 13) for _, valid_to, _ in prices)
    before, after = sql(
        "select count(*) filter (started_at < '2026-03-13'), count(*) filter (started_at >= '2026-03-13') "
        "from llm_requests where request_model = 'claude-sonnet-4-6' and input_tokens > 200000"
    )[0]
    assert before > 0 and after > 0


def test_untagged_traffic_and_unmapped_key(sql, manifest) -> None:
    from_day = manifest["scenarios"]["untagged_traffic"]["from_day"]
    tagged_after, untagged_before, untagged_after = sql(
        "select count(*) filter (team is not null and started_at >= '" + from_day + "'), "
        "count(*) filter (team is null and started_at < '" + from_day + "'), "
        "count(*) filter (team is null and started_at >= '" + from_day + "') from llm_requests "
        "where workflow = 'kb_rag_assistant'"
    )[0]
    assert tagged_after == 0 and untagged_before == 0 and untagged_after > 0
    unmapped = sql(
        "select count(*), count(*) filter (team is not null), "
        "count(*) filter (api_key_id in (select api_key_id from api_keys)) "
        "from llm_requests where api_key_id = 'ak_legacy_notebooks'"
    )[0]
    assert unmapped[0] == manifest["scenarios"]["unmapped_api_key"]["calls"] > 0 and unmapped[1:] == (0, 0)


def test_billing_tokens_equal_telemetry_except_where_calls_are_missing(sql, manifest) -> None:
    """Billing is derived from true usage: token quantities match telemetry except the lost calls."""
    outage_day = manifest["scenarios"]["missing_from_telemetry"]["outage_day"]
    rows = sql(
        "with billed as (select x_Model model, ChargePeriodStart::date d, sum(ConsumedQuantity) q from billing_focus "
        "where ChargeCategory = 'Usage' and x_TokenType = 'output' group by 1, 2), "
        "logged as (select request_model model, started_at::date d, sum(output_tokens) q from llm_requests "
        "group by 1, 2) "
        "select billed.model, billed.d, billed.q, coalesce(logged.q, 0) from billed left join logged using (model, d)"
    )
    mismatched = {(model, str(day)) for model, day, billed, logged in rows if abs(billed - logged) > 0.5}
    assert mismatched, "the missing calls must make some model-days differ"
    assert all(model == "mistral-large-2512" or day == outage_day for model, day in mismatched)
    assert all(billed >= logged for _, _, billed, logged in rows)


def test_invoice_has_discounts_credits_tax_rounding_and_non_ai_lines(sql) -> None:
    discounted = sql(
        "select count(*) from billing_focus where ChargeCategory = 'Usage' and ProviderName = 'Anthropic' "
        "and EffectiveCost < ListCost"
    )[0][0]
    assert discounted > 0
    categories = {row[0] for row in sql("select distinct ChargeCategory from billing_focus")}
    assert {"Usage", "Credit", "Tax", "Adjustment"} <= categories
    unrounded = sql("select count(*) from billing_focus where round(BilledCost, 2) != BilledCost")[0][0]
    assert unrounded == 0
    currencies = dict(sql("select ProviderName, any_value(BillingCurrency) from billing_focus group by 1"))
    assert currencies["Mistral AI"] == "EUR"
    assert sql("select count(*) from billing_focus where ServiceCategory != 'AI and Machine Learning'")[0][0] > 0


def test_referential_integrity(sql) -> None:
    orphans = sql(
        "select count(*) from llm_requests where workflow_run_id is not null "
        "and workflow_run_id not in (select workflow_run_id from workflow_runs)"
    )[0][0]
    assert orphans == 0
    assert (
        sql("select count(*) from llm_requests where request_model not in (select model_id from model_tiers)")[0][0]
        == 0
    )
    unknown_keys = {
        row[0] for row in sql("select distinct api_key_id from llm_requests except select api_key_id from api_keys")
    }
    assert unknown_keys == {"ak_legacy_notebooks"}
    assert sql("select count(*) from llm_requests where team not in (select team_id from teams)")[0][0] == 0
    assert sql("select count(*) from workflow_runs where requesting_team not in (select team_id from teams)")[0][0] == 0
    assert (
        sql("select count(*) from workflow_runs where workflow not in (select workflow_id from workflows)")[0][0] == 0
    )
    assert sql("select count(*) - count(distinct request_id) from llm_requests")[0][0] == 0


def test_dirty_mode_adds_exactly_the_listed_malformed_rows(demo: Path, dirty_demo: Path) -> None:
    clean = json.loads((demo / "_manifest.json").read_text())
    dirty = json.loads((dirty_demo / "_manifest.json").read_text())
    for table in RAW_TABLES:
        added = dirty["raw_rows"][table] - clean["raw_rows"][table]
        assert added == sum(dirty["expected_quarantine"].get(table, {}).values()), table
    assert len(dirty["expected_quarantine"]["llm_requests"]) >= 10


def test_ad_hoc_calls_have_no_workflow_run(sql) -> None:
    with_run, without_run = sql(
        "select count(*) filter (workflow_run_id is not null), count(*) filter (workflow_run_id is null) "
        "from llm_requests where workflow is null"
    )[0]
    assert with_run == 0 and without_run > 0


def test_a_period_without_fx_rates_stops_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="fx_rates.csv has no [A-Z]{3} rate for 2030-01"):
        make_demo(tmp_path / "raw", "--start", "2030-01-01", requests=2_000, days=5)


def test_files_are_written_in_row_groups_an_incremental_read_can_skip(tmp_path: Path) -> None:
    # 300,000 calls in one month and as many runs: 122,880 + 122,880 + 54,240 rows per file, where pyarrow's
    # default would write one group of each file (an incremental build would then decode the whole month).
    rows = 300_000
    started = pa.array(
        [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=index * 8) for index in range(rows)],
        type=pa.timestamp("us", tz="UTC"),
    )
    table = pa.table({"request_id": [f"req_{index}" for index in range(rows)], "started_at": started})
    write_tables(tmp_path, {"llm_requests": table, "workflow_runs": table})
    for path in (
        tmp_path / "llm_requests" / "llm_requests_2026-01.parquet",
        tmp_path / "workflow_runs" / "workflow_runs.parquet",
    ):
        metadata = pq.ParquetFile(path).metadata
        sizes = [metadata.row_group(index).num_rows for index in range(metadata.num_row_groups)]
        assert sizes == [ROW_GROUP_ROWS, ROW_GROUP_ROWS, rows - 2 * ROW_GROUP_ROWS] == [122_880, 122_880, 54_240]
