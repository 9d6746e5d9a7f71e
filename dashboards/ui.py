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


# What each optional raw table is, and what needs it: said on a page instead of empty charts or zeros.
MISSING_INPUTS = {
    "workflow_runs": ("No workflow outcomes loaded", "cost per accepted output, acceptance and run costs need them"),
    "billing_focus": (
        "No billing (FOCUS invoice) loaded",
        "allocation accuracy, reconciliation and chargeback are measured against the invoice",
    ),
    "governance_events": (
        "No governance log loaded",
        "budget overrides, model exceptions and alert acknowledgements come from it",
    ),
    "ai_subscriptions": ("No AI SaaS seat export loaded", "idle seats and licence waste need it"),
}


def absent_inputs() -> set[str]:
    """The raw tables the last build found absent (no folder, no file or no row)."""
    rows = frame("select raw_table from {raw_input_summary} where is_absent")
    return set(rows["raw_table"])


def missing_message(table: str) -> str:
    title, why = MISSING_INPUTS[table]
    return (
        f"**{title}** (raw table `{table}` is absent): {why}. Write its rows in the raw contract's columns as Parquet "
        f"files under `data/raw/{table}/` (or `$AI_FINOPS_RAW_PATH/{table}/`; README, *Your own data*) and run "
        "`make build`."
    )


def note_missing(*tables: str) -> set[str]:
    """Say which of these inputs are absent (the page goes on); return them."""
    missing = absent_inputs() & set(tables)
    for table in sorted(missing):
        st.info(missing_message(table))
    return missing


def require_input(table: str) -> None:
    """Stop the page with what to load when the input it is about is absent."""
    if note_missing(table):
        st.stop()


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
