"""Dashboards: every page renders on the built demo warehouse and shows the marts' figures (AppTest)."""

from __future__ import annotations

from pathlib import Path

import duckdb
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


def _run(page: str) -> AppTest:
    app = AppTest.from_file(str(VIEWS / page), default_timeout=60)
    app.run()
    return app


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
        assert declared[page] == read, page
