"""Governance marts on the dirty demo build: scenarios found, remediation, early warnings, routing, licences."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from genai_prices import Usage, data_snapshot

from aifinops.anomaly_eval import Alert, evaluate, main, read_alerts, scope_days_judged


def _manifest(raw: Path) -> dict:
    return json.loads((raw / "_manifest.json").read_text())


def test_evaluation_counts_explained_alerts_and_found_scenarios() -> None:
    """The scorer itself, on a hand-made case: 3 alerts, 2 explained; 1 of 2 scenarios found."""
    expected = [
        {
            "scenario": "s1",
            "rule": "r1",
            "scope_type": "team",
            "scope_id": "a",
            "first_day": "2026-01-10",
            "last_day": "2026-01-12",
            "explains": [
                {"scope_type": "workflow", "scope_id": "w", "first_day": "2026-01-10", "last_day": "2026-01-10"}
            ],
        },
        {
            "scenario": "s2",
            "rule": "r2",
            "scope_type": "team",
            "scope_id": "b",
            "first_day": "2026-02-01",
            "last_day": "2026-02-01",
            "explains": [],
        },
    ]
    alerts = [
        Alert(date(2026, 1, 11), "r1", "team", "a"),  # finds s1
        Alert(date(2026, 1, 10), "r9", "workflow", "w"),  # explained by s1, finds nothing
        Alert(date(2026, 1, 11), "r9", "workflow", "w"),  # outside the window: false
    ]
    result = evaluate(alerts, expected)
    assert (result.alerts, result.true_alerts, result.precision) == (3, 2, 2 / 3)
    assert result.recall == 0.5 and len(result.missed) == 1 and result.missed[0].startswith("s2")
    assert result.false_alerts == [alerts[2]]


def test_every_demo_scenario_is_found_by_its_rule_and_normal_days_stay_quiet(built) -> None:
    raw, database, _ = built
    expected = _manifest(raw)["expected_anomalies"]
    assert {item["rule"] for item in expected} == {
        "unusual_spend_growth",
        "unexpected_weekend_usage",
        "high_output_input_ratio",
        "repeated_failed_runs",
        "premium_model_drift",
        "spend_without_accepted_outputs",
    }
    with duckdb.connect(str(database), read_only=True) as connection:
        result = evaluate(read_alerts(connection), expected, scope_days_judged(connection))
    print(f"precision {result.precision:.3f} recall {result.recall:.3f} false {result.false_alerts}")
    assert result.missed == []
    # Quiet days: at most one false alert per 1,000 team/workflow days judged. This sample is five times sparser
    # than the default demo, so a few long agent runs weigh more; the closing note quotes the default's figures.
    assert result.scope_days_judged > 2_000
    assert len(result.false_alerts) <= 0.001 * result.scope_days_judged, result.false_alerts
    assert result.precision >= 0.6, result.false_alerts


def test_remediation_cycle_time_follows_the_governance_log(built) -> None:
    raw, database, _ = built
    loop_day = date.fromisoformat(_manifest(raw)["scenarios"]["runaway_agent_loop"]["day"])
    events = pq.read_table(raw / "governance_events").to_pylist()
    loop_key = f"repeated_failed_runs:workflow:coding_agent:{loop_day}"
    resolved = [e for e in events if e["event_type"] == "alert_resolved" and e["alert_key"] == loop_key]
    assert len(resolved) == 1
    detected = datetime.combine(loop_day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    expected_hours = (resolved[0]["occurred_at"] - detected).total_seconds() / 3600
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select rule, hours_to_resolve, remediation_status from anomaly_remediation "
            "where scope_type = 'workflow' and scope_id = 'coding_agent' and episode_start_date = ?",
            [loop_day],
        ).fetchall()
        statuses = dict(
            connection.execute(
                "select episode_key, remediation_status from anomaly_remediation where rule in "
                "('high_output_input_ratio', 'premium_model_drift')"
            ).fetchall()
        )
        cycle = connection.execute(
            "select episodes_resolved, median_hours_to_resolve from remediation_cycle_time "
            "where owner_team_id = 'dev_productivity' and month_start_date = ?",
            [loop_day.replace(day=1)],
        ).fetchone()
    assert rows and all(status == "resolved" and abs(hours - expected_hours) < 1e-9 for _, hours, status in rows)
    assert "repeated_failed_runs" in {rule for rule, _, _ in rows}
    # The verbose-output and drift alerts are acknowledged in the log but not resolved: still open.
    assert statuses and set(statuses.values()) == {"acknowledged"}
    assert cycle[0] >= 1 and abs(cycle[1] - expected_hours) < 1e-9


def test_early_warnings_flag_the_drift_and_the_loop(built) -> None:
    raw, database, _ = built
    scenarios = _manifest(raw)["scenarios"]
    drift_from = date.fromisoformat(scenarios["premium_model_drift"]["from_day"])
    loop_day = date.fromisoformat(scenarios["runaway_agent_loop"]["day"])
    with duckdb.connect(str(database), read_only=True) as connection:
        escalation = connection.execute(
            "select min(week_start_date) from early_warning_signals where is_escalation_rising "
            "and team_id = 'sales_ops' and workflow_id = 'sales_email_personalisation'"
        ).fetchone()[0]
        loop_weeks = connection.execute(
            "select week_start_date from early_warning_signals where is_loop_count_climbing "
            "and team_id = 'platform_eng' and workflow_id = 'coding_agent'"
        ).fetchall()
        flagged, weeks = connection.execute(
            "select count_if(has_warning), count(*) from early_warning_signals where has_full_baseline"
        ).fetchone()
    assert escalation is not None and drift_from - timedelta(days=6) <= escalation <= drift_from + timedelta(days=14)
    assert (loop_day - timedelta(days=loop_day.weekday()),) in loop_weeks
    assert flagged <= 0.05 * weeks, (flagged, weeks)


def test_routing_what_if_costs_agree_with_genai_prices(built) -> None:
    """The drifted sales e-mails (claude-opus-4-6) priced again on the policy's gpt-4.1 by genai_prices."""
    _, database, _ = built
    provider = next(p for p in data_snapshot.get_snapshot().providers if p.id == "openai")
    model = next(m for m in provider.models if m.id == "gpt-4.1")
    with duckdb.connect(str(database), read_only=True) as connection:
        sample = connection.execute(
            "select requests.started_at, requests.input_tokens, requests.cache_read_input_tokens, "
            "requests.cache_creation_input_tokens, requests.output_tokens, rerouted.policy_model_cost_usd "
            "from llm_requests_rerouted as rerouted inner join fct_llm_requests as requests "
            "using (request_id) where rerouted.model_id = 'claude-opus-4-6' and rerouted.task_type = "
            "'content_generation' and rerouted.policy_model_id = 'gpt-4.1' "
            "order by request_id limit 300"
        ).fetchall()
        mart, detail = connection.execute(
            "select (select sum(what_if_cost_usd) from routing_opportunities), "
            "(select sum(policy_model_cost_usd) from llm_requests_rerouted where not is_approved_exception)"
        ).fetchone()
    assert len(sample) >= 100
    for started_at, input_tokens, cache_read, cache_write, output, what_if in sample:
        usage = Usage(
            input_tokens=input_tokens,
            cache_read_tokens=cache_read,
            cache_write_tokens=cache_write,
            output_tokens=output,
        )
        price = model.calc_price(usage, provider, genai_request_timestamp=started_at.replace(tzinfo=UTC))
        assert abs(float(price.total_price) - what_if) < 1e-6
    assert abs(mart - detail) < 1e-6


def test_approved_exceptions_are_reported_not_recommended(built) -> None:
    raw, database, _ = built
    events = pq.read_table(raw / "governance_events").to_pylist()
    approved_days = {
        e["occurred_at"].date()
        for e in events
        if e["event_type"] == "model_exception" and e["approved_by"] and e["scope_id"] == "variance_analyst"
    }  # a set: the dirty corpus repeats some events
    assert len(approved_days) == 1
    exception_day = approved_days.pop()
    with duckdb.connect(str(database), read_only=True) as connection:
        by_month = connection.execute(
            "select month_start_date, sum(exception_cost_usd), sum(requests) from routing_opportunities "
            "where task_type = 'data_analysis' and model_id = 'o3' group by 1 order by 1"
        ).fetchall()
    assert by_month
    for month, exception_cost, _ in by_month:
        if month < exception_day.replace(day=1):
            assert exception_cost == 0, month
    assert any(cost > 0 for month, cost, _ in by_month if month >= exception_day.replace(day=1))


def test_subscription_waste_flags_only_the_abandoned_licence(built) -> None:
    raw, database, _ = built
    abandoned = _manifest(raw)["scenarios"]["abandoned_licence"]
    subscriptions = pq.read_table(raw / "ai_subscriptions").to_pylist()
    product = next(s["product"] for s in subscriptions if s["subscription_id"] == abandoned["subscription_id"])
    months = sorted({s["month"] for s in subscriptions if s["subscription_id"] == abandoned["subscription_id"]})
    # No active seat from month index k on: flagged from the second such month.
    expected = months[abandoned["no_active_seat_from_month"] + 1 :]
    with duckdb.connect(str(database), read_only=True) as connection:
        flagged = connection.execute(
            "select product, month_start_date from subscription_waste where is_inactive_two_months order by 2"
        ).fetchall()
        idle = connection.execute(
            "select sum(idle_seat_cost_usd), sum(monthly_cost_usd) from subscription_waste"
        ).fetchone()
    assert flagged == [(product, month) for month in expected]
    assert 0 < idle[0] < idle[1]


def test_anomaly_eval_command_prints_precision_and_recall(built, capsys) -> None:
    raw, database, _ = built
    assert main(["--database", str(database), "--manifest", str(raw / "_manifest.json")]) == 0
    out = capsys.readouterr().out
    assert "recall 1.000" in out and "precision" in out and "MISSED" not in out
    assert main(["--database", str(raw / "absent.duckdb"), "--manifest", str(raw / "_manifest.json")]) == 1


def test_injected_weaknesses_lower_the_maturity_dimension_they_belong_to(built) -> None:
    """Untagged RAG traffic lowers attribution; the runaway loop's breach and open alerts lower governance."""
    raw, database, _ = built
    scenarios = _manifest(raw)["scenarios"]
    untag_month = date.fromisoformat(scenarios["untagged_traffic"]["from_day"]).replace(day=1)
    loop_month = date.fromisoformat(scenarios["runaway_agent_loop"]["day"]).replace(day=1)
    with duckdb.connect(str(database), read_only=True) as connection:
        levels = {
            (row[0], row[1]): row[2:]
            for row in connection.execute(
                "select month_start_date, dimension, maturity_level, limiting_kpi from finops_maturity_scorecard "
                "where scope_type = 'company'"
            ).fetchall()
        }
        kpi = {
            (row[0], row[1]): row[2]
            for row in connection.execute(
                "select month_start_date, kpi, kpi_value from finops_maturity_kpis where scope_type = 'company'"
            ).fetchall()
        }
    first = min(month for month, _ in levels)
    after_untag = (untag_month + timedelta(days=32)).replace(day=1)  # the first whole month without tags
    assert kpi[(after_untag, "explicit_attribution_share")] < kpi[(first, "explicit_attribution_share")] - 0.03
    assert levels[(after_untag, "attribution")][0] < levels[(first, "attribution")][0]
    assert levels[(after_untag, "attribution")][1] == "explicit_attribution_share"
    before_loop = (loop_month - timedelta(days=1)).replace(day=1)
    assert kpi[(loop_month, "teams_within_threshold_share")] < kpi[(before_loop, "teams_within_threshold_share")]
    assert levels[(loop_month, "governance")][0] < levels[(before_loop, "governance")][0]
