"""Shared page furniture: a cached read of the marts, the warehouse check, filters and money formatting."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from dashboards import warehouse


@st.cache_data(ttl=300, show_spinner=False)
def read(sql: str, params: tuple[Any, ...], settings: warehouse.Settings) -> pd.DataFrame:
    """Cached per query, parameters and warehouse (so pointing at another file never serves stale rows)."""
    return warehouse.query(sql, params, settings)


def frame(sql: str, params: tuple[Any, ...] = ()) -> pd.DataFrame:
    """Read the marts; when there is no warehouse, say what to run and stop the page (no stack trace)."""
    try:
        return read(sql, params, warehouse.Settings.from_env())
    except warehouse.WarehouseUnavailable as error:
        st.error(str(error))
        st.stop()
        raise  # st.stop() raises; this keeps type checkers honest


def money(value: float | None, digits: int = 0) -> str:
    if value is None or pd.isna(value):
        return "–"
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.{digits}f}"


def share(value: float | None, digits: int = 1) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{value:.{digits}%}"


def months() -> list[date]:
    data = frame("select distinct month_start_date from {budget_status} order by 1 desc")
    return [value.date() if hasattr(value, "date") else value for value in data["month_start_date"]]


def month_filter(label: str = "Month") -> date:
    options = months()
    if not options:
        st.warning("The marts are empty. Run `make build` first.")
        st.stop()
    return st.sidebar.selectbox(label, options, format_func=lambda value: value.strftime("%B %Y"))


def team_filters() -> tuple[str | None, str | None]:
    """Department and team pickers; None means all."""
    teams = frame("select team_id, team_name, department_id, department_name from {dim_teams} order by 4, 2")
    departments = ["All", *teams["department_id"].dropna().unique().tolist()]
    department = st.sidebar.selectbox("Department", departments)
    in_department = teams if department == "All" else teams[teams["department_id"] == department]
    team = st.sidebar.selectbox("Team", ["All", *in_department["team_id"].tolist()])
    return (None if department == "All" else department), (None if team == "All" else team)


def delta(change: float | None) -> str | None:
    """A level change for st.metric; None hides it."""
    if change is None or pd.isna(change) or change == 0:
        return None
    return f"{int(change):+d}"


def next_month(month: date) -> date:
    return (month.replace(day=1) + timedelta(days=32)).replace(day=1)


def table(data: pd.DataFrame) -> None:
    """A data table with money columns (…_usd) as dollars and rates and shares as percentages."""
    config = {}
    for column in data.columns:
        if column.endswith("_usd"):
            config[column] = st.column_config.NumberColumn(format="dollar")
        elif column.endswith(("_pct", "_rate", "_share", "_error", "accuracy", "coverage", "_utilisation")) or (
            column.startswith("mape") or column.startswith("naive_mape")
        ):
            config[column] = st.column_config.NumberColumn(format="percent")
    st.dataframe(data, hide_index=True, width="stretch", column_config=config)
