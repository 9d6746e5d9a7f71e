"""Cost per accepted output by workflow: the fully loaded cost of all runs over the accepted ones."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import ui

month = ui.month_filter()
department, team = ui.team_filters()
workflow = ui.workflow_filter()
st.title("Cost per accepted output")
st.caption("Fully loaded cost of every run (failed, abandoned and rejected included) over runs with accepted output.")
ui.require_input("workflow_runs")

rows = ui.frame(
    "select c.workflow_id, sum(c.runs) as runs, sum(c.accepted_runs) as accepted_runs, "
    "sum(c.total_cost_usd) as total_cost_usd, sum(c.model_cost_usd) as model_cost_usd, "
    "sum(c.total_cost_usd) / nullif(sum(c.accepted_runs), 0) as cost_per_accepted_output_usd, "
    "sum(c.model_cost_usd) / nullif(sum(c.accepted_runs), 0) as model_cost_per_accepted_output_usd "
    "from {cost_per_accepted_output} as c left join {dim_teams} as t on c.team_id = t.team_id "
    "where c.is_production and c.month_start_date = ? and (? is null or t.department_id = ?) "
    "and (? is null or c.team_id = ?) and (? is null or c.workflow_id = ?) group by 1 "
    "order by cost_per_accepted_output_usd desc",
    (month, department, department, team, team, workflow, workflow),
)
st.plotly_chart(
    px.bar(rows, x="workflow_id", y="cost_per_accepted_output_usd", labels={"cost_per_accepted_output_usd": "USD"}),
    width="stretch",
)
ui.table(rows)
