"""Optimisation: routing savings where quality holds, and AI SaaS seats nobody uses."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import ui

month = ui.month_filter()
st.title("Optimisation")
ui.note_missing("ai_subscriptions", "workflow_runs")

routing = ui.frame(
    "select team_id, task_type, model_id, policy_model_id, requests, cost_usd, what_if_cost_usd, saving_usd, "
    "exception_cost_usd, current_tier_acceptance_rate, policy_tier_acceptance_rate, quality_holds, is_recommended "
    "from {routing_opportunities} where month_start_date = ? order by saving_usd desc nulls last",
    (month,),
)
recommended = routing[routing["is_recommended"]]
first, second = st.columns(2)
first.metric("Recommended routing savings", ui.money(recommended["saving_usd"].sum(), 2))
second.metric("Approved exception cost", ui.money(routing["exception_cost_usd"].sum(), 2))
if not recommended.empty:
    st.plotly_chart(px.bar(recommended, x="team_id", y="saving_usd", color="task_type"), width="stretch")
ui.table(routing)

seats = ui.frame(
    "select vendor, product, owner_team_id, seats_purchased, seats_active, seats_idle, monthly_cost_usd, "
    "idle_seat_cost_usd, months_without_activity, is_inactive_two_months from {subscription_waste} "
    "where month_start_date = ? order by idle_seat_cost_usd desc",
    (month,),
)
st.subheader("AI SaaS seats")
st.metric("Idle seat cost", ui.money(seats["idle_seat_cost_usd"].sum()))
ui.table(seats)
