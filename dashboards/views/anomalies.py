"""Anomalies and early warnings: what broke a rule, what is drifting, and how fast teams respond."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import ui

month = ui.month_filter()
st.title("Anomalies and early warnings")
ui.note_missing("governance_events")

anomalies = ui.frame(
    "select anomaly_date, rule, scope_type, scope_id, owner_team_id, observed_value, expected_value, score, "
    "severity, excess_cost_usd, alert_key from {cost_anomalies} where anomaly_date >= ? and anomaly_date < ? "
    "order by anomaly_date",
    (month, ui.next_month(month)),
)
st.metric("Anomalies this month", len(anomalies))
if not anomalies.empty:
    st.plotly_chart(
        px.scatter(anomalies, x="anomaly_date", y="scope_id", color="rule", size="score", hover_data=["severity"]),
        width="stretch",
    )
ui.table(anomalies)

warnings = ui.frame(
    "select week_start_date, team_id, workflow_id, escalation_rate, escalation_rate_trend, cache_hit_rate, "
    "cache_hit_rate_trend, avg_agent_steps_per_run, agent_steps_trend, is_escalation_rising, is_cache_hit_falling, "
    "is_loop_count_climbing from {early_warning_signals} where has_warning "
    "and week_start_date >= ? and week_start_date < ? order by 1",
    (month, ui.next_month(month)),
)
st.subheader(f"Early warnings ({len(warnings)})")
ui.table(warnings)
remediation = ui.frame(
    "select episode_key, owner_team_id, max_severity, detected_at, acknowledged_at, resolved_at, hours_to_resolve, "
    "remediation_status from {anomaly_remediation} where episode_start_date >= ? and episode_start_date < ? "
    "order by 4",
    (month, ui.next_month(month)),
)
st.subheader("Remediation")
ui.table(remediation)
