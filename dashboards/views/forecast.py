"""Forecast: point-in-time monthly forecasts as a fan (p10-p90) with the actuals and the naive forecast beside them,
and how right past ones were."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboards import ui

scope_type = ui.choose("Scope", ["company", "department", "team", "provider", "workflow"], "scope")
scopes = ui.frame("select distinct scope_id from {spend_forecast} where scope_type = ? order by 1", (scope_type,))
scope_id = ui.choose("Scope id", scopes["scope_id"].tolist(), "scope_id")
st.title("Forecast")

rows = ui.frame(
    "select f.forecast_month, f.forecast_usd, f.forecast_p10_usd, f.forecast_p90_usd, f.scenario_forecast_usd, "
    "f.is_forward, v.actual_usd, v.naive_forecast_usd from {spend_forecast} as f left join {forecast_variance} as v "
    "on f.forecast_month = v.forecast_month and f.scope_type = v.scope_type and f.scope_id = v.scope_id "
    "where f.scope_type = ? and f.scope_id = ? order by 1",
    (scope_type, scope_id),
)
figure = go.Figure()
figure.add_trace(go.Scatter(x=rows.forecast_month, y=rows.forecast_p90_usd, line={"width": 0}, name="p90"))
figure.add_trace(
    go.Scatter(x=rows.forecast_month, y=rows.forecast_p10_usd, fill="tonexty", line={"width": 0}, name="p10-p90")
)
figure.add_trace(go.Scatter(x=rows.forecast_month, y=rows.forecast_usd, name="forecast", mode="lines+markers"))
figure.add_trace(go.Scatter(x=rows.forecast_month, y=rows.scenario_forecast_usd, name="scenario", line={"dash": "dot"}))
figure.add_trace(
    go.Scatter(x=rows.forecast_month, y=rows.naive_forecast_usd, name="naive (last month)", line={"dash": "dash"})
)
figure.add_trace(go.Scatter(x=rows.forecast_month, y=rows.actual_usd, name="actual", mode="lines+markers"))
figure.update_layout(yaxis_title="USD", title="Forecast fan: p10-p90 range, point forecast, naive forecast, actuals")
st.plotly_chart(figure, width="stretch")

variance = ui.frame(
    "select forecast_month, forecast_usd, actual_usd, variance_pct, absolute_pct_error, is_within_range, mape_3m, "
    "mape_6m, naive_mape_6m from {forecast_variance} where scope_type = ? and scope_id = ? order by 1",
    (scope_type, scope_id),
)
if not variance.empty:
    last = variance.iloc[-1]
    first, second = st.columns(2)
    first.metric("MAPE, last 6 months", ui.share(last.mape_6m))
    second.metric("Naive forecast's MAPE", ui.share(last.naive_mape_6m))
ui.table(variance)
