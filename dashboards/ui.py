"""Shared page furniture: a cached read of the marts, the warehouse check, filters and money formatting."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Any
from urllib.parse import urlencode

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


# What each optional raw table is, what needs it, and the command that loads it: said on a page instead of empty
# charts or zeros.
MISSING_INPUTS = {
    "workflow_runs": (
        "No workflow outcomes loaded",
        "cost per accepted output, acceptance and run costs need them",
        "write the runs in the raw contract's columns as Parquet under `data/raw/workflow_runs/`, then "
        "`.venv/bin/dbt build`",
    ),
    "billing_focus": (
        "No billing (FOCUS invoice) loaded",
        "allocation accuracy, reconciliation and chargeback are measured against the invoice",
        "`cp focus-export.csv data/raw/billing_focus/ && .venv/bin/dbt build` (or `.venv/bin/python -m "
        "aifinops.cost_reports --format openai-costs --path costs.json --raw data/raw`)",
    ),
    "governance_events": (
        "No governance log loaded",
        "budget overrides, model exceptions and alert acknowledgements come from it",
        "write the events as Parquet under `data/raw/governance_events/`, then `.venv/bin/dbt build`",
    ),
    "ai_subscriptions": (
        "No AI SaaS seat export loaded",
        "idle seats and licence waste need it",
        "write the seat counts as Parquet under `data/raw/ai_subscriptions/`, then `.venv/bin/dbt build`",
    ),
}


def absent_inputs() -> set[str]:
    """The raw tables the last build found absent (no folder, no file or no row)."""
    rows = frame("select raw_table from {raw_input_summary} where is_absent")
    return set(rows["raw_table"])


def missing_message(table: str) -> str:
    title, why, command = MISSING_INPUTS[table]
    return (
        f"**{title}** (raw table `{table}` is absent): {why}. To load it: {command} "
        "(`$AI_FINOPS_RAW_PATH` in place of `data/raw` if you set it; README, *Your own data*)."
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


# The filters every page shares live in the URL (?month=2026-05-01&department=…&team=…&workflow=…): a view can be
# shared, and it survives a page change (a page opened without them takes the session's last choice and writes it
# into its URL). A choice that is the first option (the latest month, All) is left out of the URL.
ALL = "All"
_KEPT = "_filter_"


def month_label(value: date | str) -> str:
    return (date.fromisoformat(value) if isinstance(value, str) else value).strftime("%B %Y")


def choose(label: str, options: list[str], key: str, format_func: Any = str) -> Any:
    """A sidebar selectbox whose choice is query parameter `key`: opened from the URL's value (or the session's
    last one, or the first option), and written back to the URL; None when there is nothing to choose."""
    if not options:
        st.sidebar.selectbox(label, options)
        return None
    wanted = st.query_params.get(key, st.session_state.get(_KEPT + key))
    index = options.index(wanted) if wanted in options else 0
    value = st.sidebar.selectbox(label, options, index=index, format_func=format_func)
    st.session_state[_KEPT + key] = value
    if value == options[0]:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
    return value


def month_filter(label: str = "Month") -> date:
    options = [value.isoformat() for value in months()]
    if not options:
        st.warning("The marts are empty. Run `make build` first.")
        st.stop()
    return date.fromisoformat(choose(label, options, "month", format_func=month_label))


def team_filters() -> tuple[str | None, str | None]:
    """Department and team pickers; None means all."""
    teams = frame("select team_id, team_name, department_id, department_name from {dim_teams} order by 4, 2")
    department = choose("Department", [ALL, *teams["department_id"].dropna().unique().tolist()], "department")
    in_department = teams if department == ALL else teams[teams["department_id"] == department]
    team = choose("Team", [ALL, *in_department["team_id"].tolist()], "team")
    return (None if department == ALL else department), (None if team == ALL else team)


def workflow_filter() -> str | None:
    """Workflow picker (any team may run any workflow); None means all."""
    workflows = frame("select workflow_id from {dim_workflows} order by 1")
    workflow = choose("Workflow", [ALL, *workflows["workflow_id"].tolist()], "workflow")
    return None if workflow == ALL else workflow


def drill(container: Any, label: str, page: str, **filters: object) -> None:
    """Draw, in a Streamlit container (st, a column), a link to another page of the app with the filters as query
    parameters: relative (so it works under any base path) and in the same tab, where the page opens on those
    filters; filters left as None are dropped."""
    values = {key: v.isoformat() if isinstance(v, date) else str(v) for key, v in filters.items() if v is not None}
    query = urlencode(values)
    href = escape(page) + ("?" + escape(query) if query else "")
    container.markdown(f'<a href="{href}" target="_self">{escape(label)}</a>', unsafe_allow_html=True)


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


def note_price_gap(month: date) -> int:
    """Say how many of the month's calls have no price (their cost is in no figure) and how to close the gap;
    return the count."""
    unpriced = frame(
        "select coalesce(sum(unpriced_requests), 0) as calls from {fct_daily_spend} "
        "where spend_date >= ? and spend_date < ?",
        (month, next_month(month)),
    )
    calls = int(unpriced["calls"].iloc[0])
    if calls:
        gaps = frame("select provider, reported_model, calls from {price_gaps} order by calls desc limit 3")
        names = ", ".join(f"`{row.provider}/{row.reported_model}`" for row in gaps.itertuples())
        st.warning(
            f"**Price gap: {calls:,} calls in {month_label(month)} have no price** ({names}), so their cost is in no "
            "figure here. The `price_gaps` mart lists every unpriced model with an estimate; add its rate to "
            "`seeds/custom_model_prices.csv` and rebuild (README, *Close a price gap*)."
        )
    return calls
