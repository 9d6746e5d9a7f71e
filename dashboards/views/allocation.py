"""Allocation accuracy and reconciliation of telemetry to the invoice."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import ui

month = ui.month_filter()
st.title("Allocation accuracy and reconciliation")
ui.require_input("billing_focus")

company = ui.frame(
    "select allocation_accuracy, telemetry_coverage, billed_ai_cost_usd, unattributed_cost_usd "
    "from {allocation_accuracy} where provider = 'all' and month_start_date = ?",
    (month,),
)
if not company.empty:
    row = company.iloc[0]
    first, second, third = st.columns(3)
    first.metric("Allocation accuracy", ui.share(row.allocation_accuracy))
    second.metric("Billed AI cost", ui.money(row.billed_ai_cost_usd))
    third.metric("Unattributed", ui.money(row.unattributed_cost_usd))

history = ui.frame("select month_start_date, provider, allocation_accuracy from {allocation_accuracy} order by 1")
st.plotly_chart(
    px.line(history, x="month_start_date", y="allocation_accuracy", color="provider", markers=True),
    width="stretch",
)
reasons = ui.frame(
    "select provider, unattributed_no_telemetry_usd, unattributed_no_tag_or_key_usd, unattributed_unpriced_model_usd, "
    "unattributed_unidentified_model_usd, unattributed_shared_charges_usd "
    "from {allocation_accuracy} where provider != 'all' and month_start_date = ?",
    (month,),
)
st.subheader("Unattributed cost by reason")
ui.table(reasons)
reconciliation = ui.frame(
    "select provider, billing_currency, telemetry_estimate_usd, billed_usage_cost_usd, variance_usd, variance_pct, "
    "credits_usd, taxes_usd, billed_total_usd from {provider_reconciliation} where month_start_date = ? order by 1",
    (month,),
)
st.subheader("Telemetry against the invoice")
ui.table(reconciliation)
