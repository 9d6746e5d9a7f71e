"""Home: the FinOps maturity scorecard and the headline figures of the month."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import ui

month = ui.month_filter()
st.title("AI FinOps scorecard")
st.caption(f"{month:%B %Y} · company · computed from the warehouse's marts")
ui.note_missing("billing_focus", "workflow_runs", "ai_subscriptions")
ui.note_price_gap(month)

# Each dimension's evidence: the page (and month) that shows it.
EVIDENCE = {
    "attribution": ("allocation", "Allocation"),
    "cost_visibility": ("spend", "Spend"),
    "forecasting": ("forecast", "Forecast"),
    "governance": ("budgets", "Budgets"),
    "optimisation": ("optimisation", "Savings"),
}

levels = ui.frame(
    "select dimension, maturity_level, level_change, limiting_kpi, gap_to_next_level, evidence "
    "from {finops_maturity_scorecard} where scope_type = 'company' and month_start_date = ? order by dimension",
    (month,),
)
overall = levels[levels["dimension"] == "overall"]
dimensions = levels[levels["dimension"] != "overall"]
columns = st.columns(len(dimensions) + 1)
if not overall.empty:
    row = overall.iloc[0]
    columns[0].metric("Overall maturity", f"Level {row.maturity_level}", ui.delta(row.level_change))
for column, row in zip(columns[1:], dimensions.itertuples(), strict=True):
    label = row.dimension.replace("_", " ").capitalize()
    column.metric(label, f"Level {row.maturity_level}", ui.delta(row.level_change), help=row.evidence)
    if row.dimension in EVIDENCE:
        page, title = EVIDENCE[row.dimension]
        ui.drill(column, f"{title} evidence →", page, month=month)

headline = ui.frame(
    "select "
    "(select actual_usd from {forecast_variance} where scope_type = 'company' and forecast_month = ?) as spend_usd, "
    "(select forecast_usd from {forecast_variance} where scope_type = 'company' and forecast_month = ?) "
    "as forecast_usd, "
    "(select sum(total_cost_usd) / nullif(sum(accepted_runs), 0) from {cost_per_accepted_output} "
    "where is_production and month_start_date = ?) as cost_per_accepted_output_usd, "
    "(select allocation_accuracy from {allocation_accuracy} where provider = 'all' and month_start_date = ?) "
    "as allocation_accuracy",
    (month, month, month, month),
).iloc[0]
first, second, third, fourth = st.columns(4)
first.metric("Model spend", ui.money(headline.spend_usd))
second.metric("Forecast for the month", ui.money(headline.forecast_usd))
third.metric("Cost per accepted output (production)", ui.money(headline.cost_per_accepted_output_usd, 2))
fourth.metric("Allocation accuracy", ui.share(headline.allocation_accuracy))
for column, (page, title) in zip(
    (first, second, third, fourth),
    (
        ("spend", "By team and model"),
        ("forecast", "Forecast fan"),
        ("unit-cost", "By workflow"),
        ("allocation", "Unattributed cost"),
    ),
    strict=True,
):
    ui.drill(column, f"{title} →", page, month=month)

trend = ui.frame(
    "select month_start_date, dimension, maturity_level from {finops_maturity_scorecard} "
    "where scope_type = 'company' and dimension != 'overall' order by 1"
)
st.subheader("Maturity by dimension")
st.plotly_chart(
    px.line(trend, x="month_start_date", y="maturity_level", color="dimension", markers=True, range_y=[0.5, 5.5]),
    width="stretch",
)

at_risk = ui.frame(
    "select budget_id, scope_type, scope_id, budget_usd, spend_to_date_usd, budget_used_pct, "
    "projected_month_end_usd, is_hard_cap_breached from {budget_status} where month_start_date = ? "
    "and (budget_used_pct >= 0.9 or projected_month_end_usd > budget_usd) order by budget_used_pct desc",
    (month,),
)
st.subheader(f"Budgets at risk ({len(at_risk)})")
ui.drill(st, "Burn-down of each budget →", "budgets", month=month)
ui.table(at_risk)
