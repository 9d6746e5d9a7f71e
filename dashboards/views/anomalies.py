"""Anomalies and early warnings: daily spend of the chosen scope with every anomaly on it (by rule and severity)
over the last three months, the open episodes first, and the early-warning signals against their four-week
baselines."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from dashboards import ui

MONTHS_SHOWN = 3
SEVERITY_SYMBOL = {"warning": "circle", "high": "diamond", "critical": "x"}
SIGNALS = {
    "escalation_rate": "Escalation rate",
    "cache_hit_rate": "Cache hit rate",
    "avg_agent_steps_per_run": "Agent steps per run",
}

month = ui.month_filter()
department, team = ui.team_filters()
workflow = ui.workflow_filter()
st.title("Anomalies and early warnings")
ui.note_missing("governance_events")

start = month
for _ in range(MONTHS_SHOWN - 1):
    start = (start.replace(day=1) - pd.Timedelta(days=1)).replace(day=1)
end = ui.next_month(month)
if workflow:
    scope = f"workflow {workflow}"
elif team:
    scope = f"team {team}"
elif department:
    scope = f"department {department}"
else:
    scope = "the company"

# One filter for every query: the scope's own anomalies and those of its teams' workflows.
SCOPE = (
    "(? is null or (scope_type = 'workflow' and scope_id = ?)) and (? is null or owner_team_id = ?) "
    "and (? is null or owner_team_id in (select team_id from {dim_teams} where department_id = ?))"
)
scope_params = (workflow, workflow, team, team, department, department)

spend = ui.frame(
    "select spend_date, sum(model_cost_usd) as spend_usd from {fct_daily_spend} where spend_date >= ? "
    "and spend_date < ? and (? is null or workflow_id = ?) and (? is null or team_id = ?) "
    "and (? is null or department_id = ?) group by 1 order by 1",
    (start, end, *scope_params),
)
anomalies = ui.frame(
    "select anomaly_date, rule, severity, scope_type, scope_id, owner_team_id, observed_value, expected_value, score, "
    f"excess_cost_usd from {{cost_anomalies}} where anomaly_date >= ? and anomaly_date < ? and {SCOPE} "
    "order by anomaly_date",
    (start, end, *scope_params),
)
in_month = anomalies[pd.to_datetime(anomalies["anomaly_date"]).dt.date >= month]
episodes = ui.frame(
    "select episode_key, rule, scope_type, scope_id, owner_team_id, max_severity, excess_cost_usd, episode_start_date, "
    "detected_at, acknowledged_at, resolved_at, hours_to_resolve, remediation_status, is_open "
    f"from {{anomaly_remediation}} where episode_start_date < ? and (is_open or episode_start_date >= ?) and {SCOPE} "
    "order by is_open desc, detected_at desc",
    (end, start, *scope_params),
)

first, second, third = st.columns(3)
first.metric(f"Anomalies in {ui.month_label(month)}", len(in_month))
second.metric("Open episodes", int(episodes["is_open"].sum()))
third.metric("Excess cost this month", ui.money(in_month["excess_cost_usd"].sum(), 2))
if in_month.empty:
    last = ui.frame(
        "select anomaly_date, rule, scope_type, scope_id from {cost_anomalies} "
        f"where anomaly_date < ? and {SCOPE} order by anomaly_date desc limit 1",
        (end, *scope_params),
    )
    if last.empty:
        st.success(f"No anomaly in {ui.month_label(month)} for {scope}, and none before it in the data.")
    else:
        row = last.iloc[0]
        when = pd.Timestamp(row.anomaly_date).date()
        st.success(
            f"No anomaly in {ui.month_label(month)} for {scope}. The last one was on {when:%d %B %Y} "
            f"({row.rule.replace('_', ' ')}, {row.scope_type} {row.scope_id})."
        )

st.subheader(f"Daily spend of {scope}, {ui.month_label(start)} to {ui.month_label(month)}")
figure = go.Figure()
figure.add_trace(go.Scatter(x=spend.spend_date, y=spend.spend_usd, name="daily spend", mode="lines"))
if not anomalies.empty:
    marked = anomalies.assign(day=pd.to_datetime(anomalies["anomaly_date"])).merge(
        spend.assign(day=pd.to_datetime(spend["spend_date"]))[["day", "spend_usd"]], on="day", how="left"
    )
    for rule, rows in marked.groupby("rule"):
        figure.add_trace(
            go.Scatter(
                x=rows.day,
                y=rows.spend_usd.fillna(0),
                name=str(rule).replace("_", " "),
                mode="markers",
                marker={"size": 13, "symbol": [SEVERITY_SYMBOL.get(s, "circle") for s in rows.severity]},
                text=[
                    f"{s} · {t} {i} · excess {ui.money(c, 2)}"
                    for s, t, i, c in rows[["severity", "scope_type", "scope_id", "excess_cost_usd"]].itertuples(
                        index=False
                    )
                ],
                hovertemplate="%{x|%d %b}: %{text}<extra>%{fullData.name}</extra>",
            )
        )
figure.update_layout(
    yaxis_title="USD per day", height=360, margin={"t": 30}, legend_title="○ warning · ◇ high · ✕ critical"
)
st.plotly_chart(figure, width="stretch")

st.subheader(f"Episodes ({len(episodes)}), open first")
ui.table(episodes)

signals = ui.frame(
    "select week_start_date, team_id, workflow_id, has_warning, escalation_rate, baseline_escalation_rate, "
    "cache_hit_rate, baseline_cache_hit_rate, avg_agent_steps_per_run, baseline_avg_agent_steps_per_run "
    "from {early_warning_signals} where week_start_date >= ? and week_start_date < ? "
    "and (? is null or workflow_id = ?) and (? is null or team_id = ?) "
    "and (? is null or team_id in (select team_id from {dim_teams} where department_id = ?)) order by 1",
    (start, end, *scope_params),
)
warned = signals[signals["has_warning"]][["team_id", "workflow_id"]].drop_duplicates().head(4)
st.subheader(f"Early warnings: series with a warning since {ui.month_label(start)} ({len(warned)})")
if warned.empty:
    st.info(
        f"No early warning for {scope} since {ui.month_label(start)}: escalations, cache hits and agent steps stay "
        "within their four-week baselines."
    )
else:
    grid = make_subplots(
        rows=len(warned),
        cols=len(SIGNALS),
        shared_xaxes=True,
        subplot_titles=[f"{t} · {w}: {label}" for t, w in warned.itertuples(index=False) for label in SIGNALS.values()],
    )
    for index, (team_id, workflow_id) in enumerate(warned.itertuples(index=False), start=1):
        series = signals[(signals["team_id"] == team_id) & (signals["workflow_id"] == workflow_id)]
        for column, signal in enumerate(SIGNALS, start=1):
            grid.add_trace(
                go.Scatter(x=series.week_start_date, y=series[signal], line={"width": 2}, showlegend=False),
                row=index,
                col=column,
            )
            grid.add_trace(
                go.Scatter(
                    x=series.week_start_date,
                    y=series[f"baseline_{signal}"],
                    line={"dash": "dot", "width": 1},
                    showlegend=False,
                ),
                row=index,
                col=column,
            )
    grid.update_layout(height=170 * len(warned) + 60, margin={"t": 40})
    st.plotly_chart(grid, width="stretch")
    st.caption("Solid: the week's value; dotted: its four-week baseline.")
