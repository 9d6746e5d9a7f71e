"""Budgets and alerts: where every budget stands this month, and the anomalies still open."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import ui

month = ui.month_filter()
st.title("Budgets and alerts")
ui.note_missing("governance_events")

budgets = ui.frame(
    "select budget_id, scope_type, scope_id, cap_type, budget_usd, spend_to_date_usd, budget_used_pct, "
    "highest_threshold_crossed, highest_threshold_crossed_on, projected_month_end_usd, days_to_exhaustion, "
    "has_approved_override, is_hard_cap_breached from {budget_status} where month_start_date = ? "
    "order by budget_used_pct desc nulls last",
    (month,),
)
first, second, third = st.columns(3)
first.metric("Budgets", len(budgets))
second.metric("Past 90 %", int((budgets["highest_threshold_crossed"] >= 0.9).sum()))
third.metric("Hard caps breached", int(budgets["is_hard_cap_breached"].sum()))
st.plotly_chart(
    px.bar(budgets, x="budget_id", y="budget_used_pct", color="cap_type", labels={"budget_used_pct": "used"}),
    width="stretch",
)
ui.table(budgets)
open_alerts = ui.frame(
    "select episode_key, owner_team_id, max_severity, excess_cost_usd, detected_at, remediation_status "
    "from {anomaly_remediation} where is_open order by detected_at desc"
)
st.subheader(f"Open anomalies ({len(open_alerts)})")
ui.table(open_alerts)
