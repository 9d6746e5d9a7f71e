"""Chargeback and showback per cost centre and team, to the cent, with a CSV download."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import ui

month = ui.month_filter()
department, team = ui.team_filters()
view = st.sidebar.radio("View", ["chargeback", "showback"])
st.title("Chargeback and showback")
st.caption("Chargeback spreads shared and unallocated cost over teams; showback keeps it on its own line.")
ui.require_input("billing_focus")

rows = ui.frame(
    "select c.cost_center_id, c.team_id, c.billing_currency, c.is_unallocated_line, c.direct_cost_usd, "
    "c.shared_cost_spread_usd, c.showback_cost_usd, c.chargeback_cost_usd "
    "from {chargeback} as c left join {dim_teams} as t on c.team_id = t.team_id "
    "where c.month_start_date = ? and (? is null or t.department_id = ?) and (? is null or c.team_id = ?) "
    "order by c.chargeback_cost_usd desc",
    (month, department, department, team, team),
)
column = f"{view}_cost_usd"
st.metric(f"Total {view}", ui.money(rows[column].sum(), 2))
st.plotly_chart(px.bar(rows, x="team_id", y=column, color="cost_center_id"), width="stretch")
ui.table(rows)
st.download_button(
    "Download CSV", rows.to_csv(index=False).encode(), file_name=f"{view}_{month:%Y-%m}.csv", mime="text/csv"
)
