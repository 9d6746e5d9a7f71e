"""The MetricFlow semantic layer (models/semantic/) on the dirty demo build: `mf query` for every metric, by month
and by team (or provider, where a mart has no team), equals the marts, recomputed here in SQL from their columns;
at each mart's own grain a ratio metric equals the ratio the mart stores."""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import DBT, PROJECT_ROOT, dbt_environment

MF = str(Path(DBT).parent / "mf")
Key = tuple[str, ...]
Figures = dict[Key, float | None]
PROJECT_FILES = ("dbt_project.yml", "selectors.yml", "models", "macros", "seeds", "tests", "analyses")


@pytest.fixture(scope="module")
def mf(built: tuple[Path, Path, Path], tmp_path_factory: pytest.TempPathFactory):
    """Run `mf` on the test warehouse; `query(...)` returns the CSV rows. mf reads the semantic manifest from the
    project's own target/ folder (which names the warehouse's database), so it runs in a copy of the project, and
    the user's target/ is left as `make build` wrote it."""
    raw, database, _ = built
    env = dbt_environment(raw, database)
    project = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        source = PROJECT_ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, project / name)
    parsed = subprocess.run([DBT, "parse", "--quiet"], cwd=project, env=env, capture_output=True, text=True)
    assert parsed.returncode == 0, parsed.stdout[-3000:]
    folder = tmp_path_factory.mktemp("mf")

    def run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([MF, *arguments], cwd=project, env=env, capture_output=True, text=True)

    def query(*arguments: str) -> list[dict[str, str]]:
        output = folder / f"q{len(list(folder.iterdir()))}.csv"
        result = run("query", *arguments, "--csv", str(output))
        assert result.returncode == 0 and output.exists(), result.stdout[-3000:] + result.stderr[-3000:]
        with output.open(newline="") as handle:
            return list(csv.DictReader(handle))

    run.query = query  # type: ignore[attr-defined]
    return run


@pytest.fixture(scope="module")
def marts(built: tuple[Path, Path, Path]):
    _, database, _ = built

    def select(sql: str) -> list[tuple]:
        with duckdb.connect(str(database), read_only=True) as connection:
            return connection.execute(sql).fetchall()

    return select


def figures_from_mf(rows: list[dict[str, str]], keys: list[str], metric: str) -> Figures:
    """metric by key columns; a key's month as yyyy-mm-dd. Rows where the metric is empty came from the other
    metrics of the same query (MetricFlow joins them outer) and are left out, as are the marts' null rows."""
    found: Figures = {}
    for row in rows:
        if row[metric] == "":
            continue
        key = tuple(row[k][:10] if k.startswith("metric_time") else row[k] for k in keys)
        assert key not in found, f"{metric}: {key} twice"
        found[key] = float(row[metric])
    return found


def figures_from_sql(rows: list[tuple]) -> Figures:
    """(key..., value) rows; the value null (a ratio over nothing) is left out, as mf leaves it empty."""
    return {tuple("" if v is None else str(v) for v in row[:-1]): float(row[-1]) for row in rows if row[-1] is not None}


def assert_equal(metric: str, from_mf: Figures, from_marts: Figures) -> None:
    assert from_marts, f"{metric}: the marts hold nothing to compare with"
    assert set(from_mf) == set(from_marts), f"{metric}: keys differ: {set(from_mf) ^ set(from_marts)}"
    for key, expected in from_marts.items():
        assert math.isclose(from_mf[key], expected, rel_tol=1e-9, abs_tol=1e-9), (metric, key, from_mf[key], expected)


MONTH = "cast(date_trunc('month', {0}) as date)"

# Metric: SQL on a mart giving (month, [team,] value) from the mart's columns; {team} is the team column and a
# comma when grouping by team, empty when by month alone.
BY_MONTH_AND_TEAM = {
    "model_cost": "select month, {team} sum(model_cost_usd) from daily group by all",
    "cache_savings": "select month, {team} sum(cache_savings_usd) from daily group by all",
    "cache_hit_rate": "select month, {team} sum(cache_read_input_tokens) / nullif(sum(input_tokens), 0) "
    "from daily group by all",
    "premium_model_share": "select month, {team} sum(case when model_tier = 'premium' then model_cost_usd else 0 "
    "end) / nullif(sum(model_cost_usd), 0) from daily group by all",
    "fallback_rate": "select month, {team} sum(fallback_requests) / sum(requests) from daily group by all",
    "fully_loaded_cost": "select month_start_date, {team} sum(total_cost_usd) from cost_per_accepted_output "
    "group by all",
    "abandoned_run_cost": "select month_start_date, {team} sum(abandoned_runs_cost_usd) "
    "from cost_per_accepted_output group by all",
    "cost_per_accepted_output": "select month_start_date, {team} sum(total_cost_usd) / "
    "nullif(sum(accepted_runs), 0) from cost_per_accepted_output group by all",
    "acceptance_rate": "select month_start_date, {team} sum(accepted_runs) / sum(runs) "
    "from cost_per_accepted_output group by all",
    "team_forecast_absolute_error": "select forecast_month, {scope} sum(abs(forecast_usd - actual_usd)) "
    "from forecast_variance where scope_type = 'team' group by all",
    # Budgets of every scope: by team, those of other scopes fall under no team.
    "budget_utilisation": "select month_start_date, {scope} sum(spend_to_date_usd) / nullif(sum(budget_usd), 0) "
    "from budget_status group by all",
    "idle_seat_cost": "select month_start_date, {owner} sum(idle_seat_cost_usd) from subscription_waste group by all",
}
DAILY = f"with daily as (select {MONTH.format('spend_date')} as month, * from fct_daily_spend) "


def mart_sql(sql: str, by_team: bool) -> str:
    columns = {
        "team": "team_id,",
        "scope": "case when scope_type = 'team' then scope_id end,",
        "owner": "owner_team_id,",
    }
    sql = sql.format(**(columns if by_team else dict.fromkeys(columns, "")))
    return DAILY + sql if " from daily" in sql else sql


def test_the_semantic_manifest_validates_against_the_warehouse(mf) -> None:
    result = mf("validate-configs")
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.count("ERRORS: 0") >= 6


def test_every_team_metric_by_month_and_team_equals_the_marts(mf, marts) -> None:
    rows = mf.query("--metrics", ",".join(BY_MONTH_AND_TEAM), "--group-by", "metric_time__month,team")
    for metric, sql in BY_MONTH_AND_TEAM.items():
        from_mf = figures_from_mf(rows, ["metric_time__month", "team"], metric)
        assert_equal(metric, from_mf, figures_from_sql(marts(mart_sql(sql, by_team=True))))


def test_every_team_metric_by_month_equals_the_marts(mf, marts) -> None:
    """Without the team: the company's month (team budgets and forecasts summed over the teams)."""
    rows = mf.query("--metrics", ",".join(BY_MONTH_AND_TEAM), "--group-by", "metric_time__month")
    for metric, sql in BY_MONTH_AND_TEAM.items():
        from_mf = figures_from_mf(rows, ["metric_time__month"], metric)
        assert_equal(metric, from_mf, figures_from_sql(marts(mart_sql(sql, by_team=False))))


def test_ratios_at_the_marts_grain_equal_the_stored_ratios(mf, marts) -> None:
    runs = mf.query(
        "--metrics",
        "cost_per_accepted_output,acceptance_rate",
        "--group-by",
        "metric_time__month,workflow,team,workflow_run__environment",
    )
    keys = ["metric_time__month", "workflow", "team", "workflow_run__environment"]
    for metric, column in (("cost_per_accepted_output", "cost_per_accepted_output_usd"), ("acceptance_rate", None)):
        columns = f"month_start_date, workflow_id, team_id, environment, {column or metric}"
        sql = f"select {columns} from cost_per_accepted_output"
        assert_equal(metric, figures_from_mf(runs, keys, metric), figures_from_sql(marts(sql)))

    calls = mf.query(
        "--metrics",
        "cache_hit_rate,premium_model_share,fallback_rate",
        "--group-by",
        "metric_time__month,team,request__environment",
    )
    keys = ["metric_time__month", "team", "request__environment"]
    stored = {
        "cache_hit_rate": "cache_hit_rate_tokens",
        "premium_model_share": "premium_cost_share",
        "fallback_rate": "fallback_rate",
    }
    for metric, column in stored.items():
        sql = f"select month_start_date, team_id, environment, {column} from unit_economics"
        assert_equal(metric, figures_from_mf(calls, keys, metric), figures_from_sql(marts(sql)))

    budgets = mf.query("--metrics", "budget_utilisation", "--group-by", "metric_time__month,budget_month__budget_id")
    assert_equal(
        "budget_utilisation",
        figures_from_mf(budgets, ["metric_time__month", "budget_month__budget_id"], "budget_utilisation"),
        figures_from_sql(marts("select month_start_date, budget_id, budget_used_pct from budget_status")),
    )


PROVIDER_METRICS = {
    "allocation_accuracy": "allocation_accuracy",
    "billed_ai_cost": "billed_ai_cost_usd",
    "attributed_cost": "attributed_cost_usd",
}
RECONCILIATION_METRICS = {"reconciliation_variance": "variance_usd", "reconciliation_variance_pct": "variance_pct"}


def test_invoice_metrics_by_month_and_provider_equal_the_marts(mf, marts) -> None:
    """Allocation and reconciliation are month x provider figures (an invoice has no team): by month they equal the
    mart's company row, by month and provider its provider rows."""
    metrics = ",".join([*PROVIDER_METRICS, *RECONCILIATION_METRICS])
    by_month = mf.query("--metrics", metrics, "--group-by", "metric_time__month")
    for metric, column in PROVIDER_METRICS.items():
        sql = f"select month_start_date, {column} from allocation_accuracy where provider = 'all'"
        assert_equal(metric, figures_from_mf(by_month, ["metric_time__month"], metric), figures_from_sql(marts(sql)))
    totals = (
        "select month_start_date, sum(variance_usd), sum(variance_usd) / nullif(sum(billed_usage_cost_usd), 0) "
        "from provider_reconciliation group by all"
    )
    rows = marts(totals)
    for index, metric in enumerate(RECONCILIATION_METRICS):
        expected = figures_from_sql([(row[0], row[1 + index]) for row in rows])
        assert_equal(metric, figures_from_mf(by_month, ["metric_time__month"], metric), expected)

    allocation = mf.query(
        "--metrics", ",".join(PROVIDER_METRICS), "--group-by", "metric_time__month,allocation_month__provider"
    )
    for metric, column in PROVIDER_METRICS.items():
        sql = f"select month_start_date, provider, {column} from allocation_accuracy where provider <> 'all'"
        keys = ["metric_time__month", "allocation_month__provider"]
        assert_equal(metric, figures_from_mf(allocation, keys, metric), figures_from_sql(marts(sql)))
    reconciliation = mf.query(
        "--metrics", ",".join(RECONCILIATION_METRICS), "--group-by", "metric_time__month,reconciliation_month__provider"
    )
    for metric, column in RECONCILIATION_METRICS.items():
        sql = f"select month_start_date, provider, {column} from provider_reconciliation"
        keys = ["metric_time__month", "reconciliation_month__provider"]
        assert_equal(metric, figures_from_mf(reconciliation, keys, metric), figures_from_sql(marts(sql)))


def test_company_forecast_metrics_by_month_equal_the_mart(mf, marts) -> None:
    rows = mf.query(
        "--metrics", "forecast_absolute_error,forecast_absolute_pct_error", "--group-by", "metric_time__month"
    )
    for metric, column in (
        ("forecast_absolute_error", "abs(forecast_usd - actual_usd)"),
        ("forecast_absolute_pct_error", "absolute_pct_error"),
    ):
        sql = f"select forecast_month, {column} from forecast_variance where scope_type = 'company'"
        assert_equal(metric, figures_from_mf(rows, ["metric_time__month"], metric), figures_from_sql(marts(sql)))


def test_the_scorecard_saved_queries_give_the_dashboards_headlines(mf, marts) -> None:
    """The home page's production cost per accepted output and allocation accuracy (the SQL of
    dashboards/views/scorecard.py) by month."""
    unit_cost = mf.query("--saved-query", "scorecard_unit_cost")
    headline = (
        "select month_start_date, sum(total_cost_usd) / nullif(sum(accepted_runs), 0) from cost_per_accepted_output "
        "where is_production group by all"
    )
    from_mf = figures_from_mf(unit_cost, ["metric_time__month"], "cost_per_accepted_output")
    assert_equal("cost_per_accepted_output", from_mf, figures_from_sql(marts(headline)))
    allocation = mf.query("--saved-query", "scorecard_allocation")
    headline = "select month_start_date, allocation_accuracy from allocation_accuracy where provider = 'all'"
    from_mf = figures_from_mf(allocation, ["metric_time__month"], "allocation_accuracy")
    assert_equal("allocation_accuracy", from_mf, figures_from_sql(marts(headline)))
    for saved in ("scorecard_spend", "scorecard_budgets"):
        assert mf.query("--saved-query", saved), saved


def test_the_dimensions_the_issue_names_can_be_grouped_by(mf) -> None:
    dimensions = [
        "team__department",
        "team__business_unit",
        "team__cost_center",
        "workflow__task_type",
        "request__provider",
        "request__model",
        "request__model_tier",
        "request__environment",
        "request__api_key",
    ]
    for grain in ("day", "week", "month"):
        rows = mf.query("--metrics", "model_cost", "--group-by", ",".join([f"metric_time__{grain}", *dimensions]))
        assert rows and set(rows[0]) == {f"metric_time__{grain}", *dimensions, "model_cost"}


def test_the_readmes_mf_commands_run(mf) -> None:
    """Every `mf` command of the README's semantic-layer section runs on the test warehouse and returns rows."""
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("## Semantic layer", 1)[1].split("\n## ", 1)[0]
    commands = [line.split("mf ", 1)[1].split() for line in section.splitlines() if line.startswith(".venv/bin/mf ")]
    assert len(commands) >= 5
    for arguments in commands:
        if arguments[0] == "query":
            assert mf.query(*arguments[1:]), arguments
        else:
            result = mf(*arguments)
            assert result.returncode == 0 and "cost_per_accepted_output" in result.stdout, result.stdout[-2000:]
