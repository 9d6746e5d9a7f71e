"""Dashboards: every page renders on the built demo warehouse and shows the marts' figures (AppTest)."""

from __future__ import annotations

import base64
import calendar
import json
import re
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dashboards import warehouse

VIEWS = Path(__file__).resolve().parents[1] / "dashboards" / "views"
PAGE_FILES = sorted(path.name for path in VIEWS.glob("*.py"))


@pytest.fixture()
def on_warehouse(built, monkeypatch: pytest.MonkeyPatch):
    _, database, _ = built
    monkeypatch.setenv("AI_FINOPS_DUCKDB_PATH", str(database))
    monkeypatch.setenv("AI_FINOPS_DASHBOARD_TARGET", "duckdb")
    return database


def _run(page: str, **query: str) -> AppTest:
    """Run a page as a browser opening its URL with these query parameters would."""
    app = AppTest.from_file(str(VIEWS / page), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def _figures(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def _values(trace: dict, axis: str = "y") -> list:
    """A trace's values: plotly writes number arrays as base64 typed arrays ({"dtype", "bdata"})."""
    values = trace[axis]
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def _label(month: date) -> str:
    """A month as the pages name it, written here by hand."""
    return f"{calendar.month_name[month.month]} {month.year}"


def _one(database: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql, params or []).fetchone()


def test_there_is_a_page_for_each_subject() -> None:
    assert PAGE_FILES == [
        "allocation.py",
        "anomalies.py",
        "budgets.py",
        "chargeback.py",
        "forecast.py",
        "optimisation.py",
        "scorecard.py",
        "spend.py",
        "unit_cost.py",
    ]


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_renders_without_errors(on_warehouse, page: str) -> None:
    app = _run(page)
    assert not app.exception, [item.value for item in app.exception]
    assert not app.error, [item.value for item in app.error]
    assert app.title and (app.metric or app.dataframe)


def test_scorecard_shows_the_latest_levels_and_headline_figures(on_warehouse) -> None:
    database = on_warehouse
    month, spend = _one(
        database,
        "select forecast_month, actual_usd from forecast_variance where scope_type = 'company' "
        "order by forecast_month desc limit 1",
    )
    assert _one(database, "select max(month_start_date) from budget_status")[0] == month
    overall = _one(
        database,
        "select maturity_level from finops_maturity_scorecard where scope_type = 'company' "
        "and dimension = 'overall' and month_start_date = ?",
        [month],
    )[0]
    accuracy = _one(
        database,
        "select allocation_accuracy from allocation_accuracy where provider = 'all' and month_start_date = ?",
        [month],
    )[0]
    metrics = {metric.label: metric.value for metric in _run("scorecard.py").metric}
    assert metrics["Overall maturity"] == f"Level {overall}"
    assert metrics["Model spend"] == f"${spend:,.0f}"
    assert metrics["Allocation accuracy"] == f"{accuracy:.1%}"


def test_chargeback_total_equals_the_invoice_and_offers_a_csv(on_warehouse) -> None:
    database = on_warehouse
    month = _one(database, "select max(month_start_date) from chargeback")[0]
    total = _one(database, "select sum(chargeback_cost_usd) from chargeback where month_start_date = ?", [month])[0]
    app = _run("chargeback.py")
    assert {metric.label: metric.value for metric in app.metric}["Total chargeback"] == f"${total:,.2f}"
    assert any(element.type == "download_button" for element in app.get("download_button"))


def test_spend_explorer_splits_production_from_experiments(on_warehouse) -> None:
    database = on_warehouse
    month = _one(database, "select max(month_start_date) from budget_status")[0]
    total, production = _one(
        database,
        "select sum(model_cost_usd), sum(case when environment = 'production' then model_cost_usd else 0 end) "
        "from fct_daily_spend where date_trunc('month', spend_date) = ?",
        [month],
    )
    metrics = {metric.label: metric.value for metric in _run("spend.py").metric}
    assert metrics["Model spend in the month"] == f"${total:,.0f}"
    assert metrics["Production"] == f"${production:,.0f}"


def test_a_missing_warehouse_says_to_build_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AI_FINOPS_DUCKDB_PATH", str(tmp_path / "nothing.duckdb"))
    app = _run("scorecard.py")
    assert not app.exception
    assert app.error and "make build" in app.error[0].value
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    monkeypatch.setenv("AI_FINOPS_DUCKDB_PATH", str(empty))
    app = _run("budgets.py")
    assert not app.exception
    assert app.error and "make build" in app.error[0].value


def test_parameters_are_bound_and_only_marts_are_read(on_warehouse) -> None:
    hostile = "x' or '1'='1"
    rows = warehouse.query("select team_id from {dim_teams} where team_id = ?", (hostile,))
    assert rows.empty
    with pytest.raises(ValueError, match="not a mart"):
        warehouse.query("select * from {stg_telemetry__llm_requests}")


def test_each_page_is_an_exposure_on_exactly_the_marts_it_reads() -> None:
    import re

    import yaml

    exposures = yaml.safe_load((VIEWS.parents[1] / "models" / "exposures.yml").read_text())["exposures"]
    declared = {
        item["description"].rsplit("dashboards/views/", 1)[1].rstrip(")"): {
            ref.split("'")[1] for ref in item["depends_on"]
        }
        for item in exposures
    }
    for page in PAGE_FILES:
        text = (VIEWS / page).read_text()
        read = set(re.findall(r"\{(\w+)\}", text)) & warehouse.MARTS
        if "ui.month_filter(" in text:
            read.add("budget_status")
        if "ui.team_filters(" in text:
            read.add("dim_teams")
        if "ui.note_missing(" in text or "ui.require_input(" in text:
            read.add("raw_input_summary")
        if "ui.workflow_filter(" in text:
            read.add("dim_workflows")
        if "ui.note_price_gap(" in text:
            read |= {"fct_daily_spend", "price_gaps"}
        assert declared[page] == read, page


def test_a_quiet_month_on_the_anomalies_page_says_when_the_last_anomaly_was(on_warehouse) -> None:
    database = on_warehouse
    with duckdb.connect(str(database), read_only=True) as connection:
        months = [
            row[0] for row in connection.execute("select distinct month_start_date from budget_status").fetchall()
        ]
        dates = [row[0] for row in connection.execute("select anomaly_date from cost_anomalies").fetchall()]
    quiet = [m for m in months if not any(d.year == m.year and d.month == m.month for d in dates)]
    assert quiet and dates, "the demo has quiet months and anomalies"
    month = max(m for m in quiet if any(d < m for d in dates))
    last = max(d for d in dates if d < month)
    app = _run("anomalies.py", month=month.isoformat())
    assert {m.label: m.value for m in app.metric}[f"Anomalies in {_label(month)}"] == "0"
    said = " ".join(item.value for item in app.success)
    assert f"No anomaly in {_label(month)}" in said and f"{last.day:02d} {calendar.month_name[last.month]}" in said


def test_a_busy_month_marks_each_anomaly_on_the_daily_spend_by_rule(on_warehouse) -> None:
    database = on_warehouse
    month, count = _one(
        database,
        "select date_trunc('month', anomaly_date)::date, count(*) from cost_anomalies group by 1 "
        "order by 2 desc, 1 limit 1",
    )
    rules = _one(
        database,
        "select list(distinct rule order by rule) from cost_anomalies where anomaly_date >= ? "
        "and anomaly_date < ? + interval 1 month",
        [month, month],
    )[0]
    app = _run("anomalies.py", month=month.isoformat())
    assert {m.label: m.value for m in app.metric}[f"Anomalies in {_label(month)}"] == str(count)
    assert not app.success
    timeline = _figures(app)[0]
    names = {trace.get("name") for trace in timeline["data"]}
    assert "daily spend" in names and {rule.replace("_", " ") for rule in rules} <= names
    markers = sum(len(_values(trace, "x")) for trace in timeline["data"] if trace.get("mode") == "markers")
    assert markers >= count  # the window's three months hold the month's anomalies and any before them


def test_the_anomalies_page_follows_the_team_and_workflow_in_the_url(on_warehouse) -> None:
    database = on_warehouse
    workflow, owner, month = _one(
        database,
        "select scope_id, owner_team_id, date_trunc('month', anomaly_date)::date from cost_anomalies "
        "where scope_type = 'workflow' order by anomaly_date limit 1",
    )
    count = _one(
        database,
        "select count(*) from cost_anomalies where scope_type = 'workflow' and scope_id = ? and anomaly_date >= ? "
        "and anomaly_date < ? + interval 1 month",
        [workflow, month, month],
    )[0]
    app = _run("anomalies.py", month=month.isoformat(), workflow=workflow)
    assert {m.label: m.value for m in app.metric}[f"Anomalies in {_label(month)}"] == str(count)
    assert any(f"workflow {workflow}" in item.value for item in app.subheader)
    episodes = app.dataframe[0].value
    assert list(episodes["is_open"]) == sorted(episodes["is_open"], reverse=True), "open episodes first"


def test_the_budget_burndown_draws_spend_to_date_against_the_threshold_lines(on_warehouse) -> None:
    database = on_warehouse
    month = _one(database, "select max(month_start_date) from budget_status")[0]
    budget, spent, amount, projected = _one(
        database,
        "select budget_id, spend_to_date_usd, budget_usd, projected_month_end_usd from budget_status "
        "where month_start_date = ? order by budget_used_pct asc, budget_id limit 1",
        [month],
    )
    app = _run("budgets.py", budget=budget)
    burndown = _figures(app)[0]
    traces = {trace["name"]: trace for trace in burndown["data"]}
    assert _values(traces["spend to date"])[-1] == pytest.approx(spent)
    assert _values(traces["projected month end"]) == pytest.approx([spent, projected])
    lines = sorted(shape["y0"] for shape in burndown["layout"]["shapes"])
    assert lines == pytest.approx([0.5 * amount, 0.75 * amount, 0.9 * amount, amount])
    assert any(budget in item.value for item in app.subheader)


def test_the_forecast_is_a_fan_with_the_actuals_and_the_naive_forecast(on_warehouse) -> None:
    database = on_warehouse
    team = _one(database, "select min(scope_id) from forecast_variance where scope_type = 'team'")[0]
    naive = dict(
        duckdb.connect(str(database), read_only=True)
        .execute(
            "select forecast_month::varchar, naive_forecast_usd from forecast_variance where scope_type = 'team' "
            "and scope_id = ? and naive_forecast_usd is not null",
            [team],
        )
        .fetchall()
    )
    app = _run("forecast.py", scope="team", scope_id=team)
    fan = _figures(app)[0]
    traces = {trace["name"]: trace for trace in fan["data"]}
    assert {"p90", "p10-p90", "forecast", "actual", "naive (last month)"} <= set(traces)
    assert traces["p10-p90"]["fill"] == "tonexty"
    naive_trace = traces["naive (last month)"]
    pairs = zip(_values(naive_trace, "x"), _values(naive_trace), strict=True)
    drawn = {str(x)[:10]: y for x, y in pairs if y is not None and not np.isnan(y)}
    assert naive and drawn == pytest.approx(naive)


def test_the_filters_live_in_the_url_and_choose_the_figures(on_warehouse) -> None:
    database = on_warehouse
    month, team, workflow = _one(
        database,
        "select date_trunc('month', spend_date)::date, team_id, workflow_id from fct_daily_spend "
        "where workflow_id is not null group by all order by sum(model_cost_usd) desc limit 1 offset 3",
    )
    total = _one(
        database,
        "select sum(model_cost_usd) from fct_llm_requests where started_date >= ? "
        "and started_date < ? + interval 1 month and team_id = ? and workflow_id = ?",
        [month, month, team, workflow],
    )[0]
    app = _run("spend.py", month=month.isoformat(), team=team, workflow=workflow)
    assert {m.label: m.value for m in app.metric}["Model spend in the month"] == f"${total:,.0f}"
    assert dict(app.query_params) == {"month": month.isoformat(), "team": team, "workflow": workflow}
    chosen = {box.label: box.value for box in app.selectbox}
    assert chosen["Month"] == month.isoformat() and chosen["Team"] == team and chosen["Workflow"] == workflow


def test_each_scorecard_dimension_links_to_the_page_that_shows_its_evidence(on_warehouse) -> None:
    database = on_warehouse
    month = _one(database, "select max(month_start_date) from budget_status")[0]
    app = _run("scorecard.py")
    html = " ".join(m.value for m in app.markdown)
    links = [
        (label, page, value)
        for page, value, label in re.findall(r'<a href="([\w-]+)\?month=([^"&]+)" target="_self">([^<]+)</a>', html)
    ]
    pages = set(re.findall(r'url_path="([\w-]+)"', (VIEWS.parent / "app.py").read_text()))
    evidence = {label.split(" evidence")[0]: page for label, page, _ in links if "evidence" in label}
    assert evidence == {
        "Allocation": "allocation",
        "Spend": "spend",
        "Forecast": "forecast",
        "Budgets": "budgets",
        "Savings": "optimisation",
    }
    assert {page for _, page, _ in links} <= pages
    assert {value for _, _, value in links} == {month.isoformat()}


def test_a_price_gap_says_how_many_calls_are_unpriced(on_warehouse) -> None:
    database = on_warehouse
    month = _one(database, "select max(month_start_date) from budget_status")[0]
    calls = _one(
        database,
        "select sum(request_count) from fct_llm_requests where is_unpriced and started_date >= ? "
        "and started_date < ? + interval 1 month",
        [month, month],
    )[0]
    assert calls, "the demo's fine-tune is unpriced"
    for page in ("scorecard.py", "spend.py"):
        said = " ".join(item.value for item in _run(page).warning)
        assert f"{calls:,} calls in {_label(month)} have no price" in said and "custom_model_prices" in said, page


def test_the_unit_cost_page_gives_each_workflows_cost_per_accepted_output_from_the_runs(on_warehouse) -> None:
    database = on_warehouse
    month = _one(database, "select max(month_start_date) from budget_status")[0]
    with duckdb.connect(str(database), read_only=True) as connection:
        expected = dict(
            connection.execute(
                "select workflow_id, sum(fully_loaded_cost_usd) / nullif(count_if(is_output_accepted), 0) "
                "from fct_workflow_runs where is_production and started_date >= ? "
                "and started_date < ? + interval 1 month group by 1",
                [month, month],
            ).fetchall()
        )
    shown = _run("unit_cost.py").dataframe[0].value
    assert dict(zip(shown["workflow_id"], shown["cost_per_accepted_output_usd"], strict=True)) == pytest.approx(
        expected
    )


def test_the_allocation_page_shows_the_months_invoice_and_accuracy(on_warehouse) -> None:
    database = on_warehouse
    month, accuracy, billed = _one(
        database,
        "select month_start_date, allocation_accuracy, billed_ai_cost_usd from allocation_accuracy "
        "where provider = 'all' and allocation_accuracy is not null order by 1 limit 1",
    )
    lines = _one(
        database,
        "select sum(allocated_amount_usd) from billing_allocated where charge_month = ?",
        [month],
    )[0]
    assert lines == pytest.approx(billed)
    metrics = {m.label: m.value for m in _run("allocation.py", month=month.isoformat()).metric}
    assert metrics["Allocation accuracy"] == f"{accuracy:.1%}"
    assert metrics["Billed AI cost"] == f"${billed:,.0f}"


def test_the_optimisation_page_sums_the_recommended_savings_and_idle_seats(on_warehouse) -> None:
    database = on_warehouse
    month = _one(database, "select max(month_start_date) from budget_status")[0]
    saving = _one(
        database,
        "select sum(saving_usd) from routing_opportunities where month_start_date = ? and is_recommended",
        [month],
    )[0]
    idle = _one(
        database,
        "select sum((seats_purchased - seats_active) * monthly_cost_usd / seats_purchased) from subscription_waste "
        "where month_start_date = ?",
        [month],
    )[0]
    metrics = {m.label: m.value for m in _run("optimisation.py").metric}
    assert metrics["Recommended routing savings"] == f"${saving:,.2f}"
    assert metrics["Idle seat cost"] == f"${idle:,.0f}"
