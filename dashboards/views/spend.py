"""Spend explorer: model spend by provider, model, team, workflow or environment, production vs experiments."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import ui

month = ui.month_filter()
department, team = ui.team_filters()
workflow = ui.workflow_filter()
dimension = ui.choose("Break down by", ["provider", "model_id", "team_id", "workflow_id", "environment"], "by")
st.title("Spend explorer")
ui.note_price_gap(month)

# The breakdown column comes from the fixed list above, never from free text; values are bound parameters.
filters = "(? is null or department_id = ?) and (? is null or team_id = ?) and (? is null or workflow_id = ?)"
spend = ui.frame(
    f"select spend_date, coalesce({dimension}, '(none)') as breakdown, environment, "
    "sum(model_cost_usd) as spend_usd, sum(requests) as requests from {fct_daily_spend} "
    f"where spend_date >= ? and spend_date < ? and {filters} group by 1, 2, 3 order by 1",
    (month, ui.next_month(month), department, department, team, team, workflow, workflow),
)
total = spend["spend_usd"].sum()
production = spend.loc[spend["environment"] == "production", "spend_usd"].sum()
first, second, third = st.columns(3)
first.metric("Model spend in the month", ui.money(total))
second.metric("Production", ui.money(production))
third.metric("Experiments and staging", ui.money(total - production))

by_breakdown = spend.groupby("breakdown", as_index=False)["spend_usd"].sum().sort_values("spend_usd", ascending=False)
st.plotly_chart(px.bar(by_breakdown, x="breakdown", y="spend_usd", labels={"spend_usd": "USD"}), width="stretch")
daily = spend.groupby(["spend_date", "environment"], as_index=False)["spend_usd"].sum()
st.plotly_chart(
    px.area(daily, x="spend_date", y="spend_usd", color="environment", labels={"spend_usd": "USD"}),
    width="stretch",
)
ui.table(by_breakdown)
