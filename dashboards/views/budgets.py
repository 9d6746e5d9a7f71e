"""Budgets and alerts: where every budget stands this month, its burn-down, and the anomalies still open."""

from __future__ import annotations

from datetime import timedelta

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboards import ui

month = ui.month_filter()
st.title("Budgets and alerts")
ui.note_missing("governance_events")

budgets = ui.frame(
    "select budget_id, scope_type, scope_id, cap_type, budget_usd, spend_to_date_usd, budget_used_pct, "
    "highest_threshold_crossed, highest_threshold_crossed_on, projected_month_end_usd, days_to_exhaustion, "
    "has_approved_override, is_hard_cap_breached, as_of_date from {budget_status} where month_start_date = ? "
    "order by budget_used_pct desc nulls last, budget_id",
    (month,),
)
first, second, third = st.columns(3)
first.metric("Budgets", len(budgets))
second.metric("Past 90 %", int((budgets["highest_threshold_crossed"] >= 0.9).sum()))
third.metric("Hard caps breached", int(budgets["is_hard_cap_breached"].sum()))

if not budgets.empty:
    # The most used budget first; ?budget=… in the URL opens another.
    budget_id = ui.choose("Budget", budgets["budget_id"].tolist(), "budget")
    status = budgets[budgets["budget_id"] == budget_id].iloc[0]
    days = ui.frame(
        "select spend_date, spend_to_date_usd from {budget_burndown} where budget_id = ? and month_start_date = ? "
        "order by spend_date",
        (budget_id, month),
    )
    st.subheader(f"Burn-down: {budget_id} ({status.scope_type} {status.scope_id}, {status.cap_type} cap)")
    month_end = ui.next_month(month) - timedelta(days=1)
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=days.spend_date, y=days.spend_to_date_usd, name="spend to date", mode="lines"))
    figure.add_trace(
        go.Scatter(
            x=[status.as_of_date, month_end],
            y=[status.spend_to_date_usd, status.projected_month_end_usd],
            name="projected month end",
            mode="lines+markers",
            line={"dash": "dot"},
        )
    )
    for level in (0.5, 0.75, 0.9, 1.0):
        figure.add_hline(
            y=level * status.budget_usd,
            line={"dash": "solid" if level == 1.0 else "dash", "width": 1},
            annotation_text=f"{level:.0%} · {ui.money(level * status.budget_usd)}",
        )
    figure.update_layout(xaxis_range=[month, month_end], yaxis_title="USD", height=380, margin={"t": 30})
    st.plotly_chart(figure, width="stretch")

st.plotly_chart(
    px.bar(budgets, x="budget_id", y="budget_used_pct", color="cap_type", labels={"budget_used_pct": "used"}),
    width="stretch",
)
ui.table(budgets.drop(columns=["as_of_date"]))
open_alerts = ui.frame(
    "select episode_key, owner_team_id, max_severity, excess_cost_usd, detected_at, remediation_status "
    "from {anomaly_remediation} where is_open order by detected_at desc"
)
st.subheader(f"Open anomalies ({len(open_alerts)})")
ui.table(open_alerts)
