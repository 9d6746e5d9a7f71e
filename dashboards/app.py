"""AI FinOps dashboards: `make dashboard` (streamlit run). Every page reads marts through dashboards.warehouse."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="AI FinOps", layout="wide")
pages = [
    st.Page("views/scorecard.py", title="Scorecard", url_path="home", default=True),
    # The home page answers at / and at /scorecard, so either URL opens it directly.
    st.Page("views/scorecard.py", title="Scorecard", url_path="scorecard", visibility="hidden"),
    st.Page("views/spend.py", title="Spend explorer", url_path="spend"),
    st.Page("views/unit_cost.py", title="Cost per accepted output", url_path="unit-cost"),
    st.Page("views/allocation.py", title="Allocation and reconciliation", url_path="allocation"),
    st.Page("views/chargeback.py", title="Chargeback and showback", url_path="chargeback"),
    st.Page("views/budgets.py", title="Budgets and alerts", url_path="budgets"),
    st.Page("views/forecast.py", title="Forecast", url_path="forecast"),
    st.Page("views/anomalies.py", title="Anomalies and early warnings", url_path="anomalies"),
    st.Page("views/optimisation.py", title="Optimisation", url_path="optimisation"),
]
st.navigation(pages).run()
