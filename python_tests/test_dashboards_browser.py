"""End to end: start the Streamlit app on the built demo warehouse, open every page in headless Chromium (Debian's
package, driven by Playwright) and check the headline figures appear. Screenshots go to test-artifacts/."""

from __future__ import annotations

import calendar
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import sync_playwright

from python_tests.conftest import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
PAGES = {
    "scorecard": "AI FinOps scorecard",
    "spend": "Spend explorer",
    "unit-cost": "Cost per accepted output",
    "allocation": "Allocation accuracy and reconciliation",
    "chargeback": "Chargeback and showback",
    "budgets": "Budgets and alerts",
    "forecast": "Forecast",
    "anomalies": "Anomalies and early warnings",
    "optimisation": "Optimisation",
}


def require_browser(executable: Path, environ: dict[str, str]) -> None:
    """Skip without the browser, saying what to install; under CI a missing browser fails instead."""
    if executable.exists():
        return
    advice = f"Debian's chromium is needed at {executable}: as root, apt-get install -y chromium (make test tries)"
    if environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{advice}; under CI a missing browser is a failure, not a skip")
    pytest.skip(advice)


def test_a_missing_browser_is_a_skip_with_advice_and_a_failure_under_ci(tmp_path: Path) -> None:
    missing = tmp_path / "chromium"
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        require_browser(missing, {})
    with pytest.raises(pytest.fail.Exception, match="under CI a missing browser is a failure"):
        require_browser(missing, {"CI": "true"})
    require_browser(Path(sys.executable), {"CI": "true"})  # present: nothing happens


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(built):
    require_browser(CHROMIUM, dict(os.environ))
    _, database, work = built
    port = _free_port()
    env = dict(os.environ, AI_FINOPS_DUCKDB_PATH=str(database), AI_FINOPS_DASHBOARD_TARGET="duckdb")
    command = [sys.executable, "-m", "streamlit", "run", "dashboards/app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    log = (work / "streamlit.log").open("w")
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("streamlit did not start: " + (work / "streamlit.log").read_text()[-2000:])
    yield url
    server.terminate()
    server.wait(timeout=20)


def test_every_page_opens_in_chromium_with_its_headline_figures(app_url: str, built) -> None:
    _, database, _ = built
    with duckdb.connect(str(database), read_only=True) as connection:
        month = connection.execute("select max(month_start_date) from budget_status").fetchone()[0]
        spend = connection.execute(
            "select actual_usd from forecast_variance where scope_type = 'company' and forecast_month = ?", [month]
        ).fetchone()[0]
        overall = connection.execute(
            "select maturity_level from finops_maturity_scorecard where scope_type = 'company' "
            "and dimension = 'overall' and month_start_date = ?",
            [month],
        ).fetchone()[0]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for path, title in PAGES.items():
            page.goto(f"{app_url}/{path}")  # every page's URL opens directly, the home page's too
            page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
            page.wait_for_load_state("networkidle")
            page.locator('[data-testid="stMetricValue"], [data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
            charts = page.locator('[data-testid="stPlotlyChart"]')
            if charts.count():
                charts.first.locator(".js-plotly-plot .plot-container").first.wait_for(timeout=30_000)
                page.wait_for_timeout(1_000)  # let plotly finish drawing before the screenshot
            assert not page.locator('[data-testid="stException"]').count(), path
            assert not page.get_by_text("Page not found").count(), path
            page.screenshot(path=str(SCREENSHOTS / f"{path}.png"), full_page=True)
            if path == "scorecard":
                page.get_by_text(f"${spend:,.0f}", exact=True).first.wait_for(timeout=10_000)
                page.get_by_text(f"Level {overall}", exact=True).first.wait_for(timeout=10_000)
        browser.close()
    assert len(list(SCREENSHOTS.glob("*.png"))) >= len(PAGES)


def _ready(page, title: str) -> None:
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.locator('[data-testid="stMetricValue"], [data-testid="stDataFrame"]').first.wait_for(timeout=30_000)


def test_a_shared_view_keeps_its_filters_across_pages_and_drills_down(app_url: str, built) -> None:
    """Open the home page at / and at a shared URL of an earlier month, move to another page from the navigation
    (the month follows in the URL), and follow a scorecard dimension's evidence link to its page and month."""
    _, database, _ = built
    with duckdb.connect(str(database), read_only=True) as connection:
        months = [
            row[0] for row in connection.execute("select distinct month_start_date from budget_status").fetchall()
        ]
    earlier = sorted(months)[-2]
    label = f"{calendar.month_name[earlier.month]} {earlier.year}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{app_url}/")
        _ready(page, PAGES["scorecard"])
        assert not page.get_by_text("Page not found").count()
        page.goto(f"{app_url}/scorecard?month={earlier.isoformat()}")
        _ready(page, PAGES["scorecard"])
        page.get_by_text(f"{label} · company").first.wait_for(timeout=10_000)
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Budgets and alerts").click()
        _ready(page, PAGES["budgets"])
        page.wait_for_url(f"**/budgets?month={earlier.isoformat()}*", timeout=10_000)
        page.goto(f"{app_url}/scorecard?month={earlier.isoformat()}")
        _ready(page, PAGES["scorecard"])
        page.get_by_role("link", name="Spend evidence →").click()
        page.wait_for_url(f"**/spend?month={earlier.isoformat()}", timeout=10_000)
        _ready(page, PAGES["spend"])
        assert not page.locator('[data-testid="stException"]').count()
        page.screenshot(path=str(SCREENSHOTS / "spend-drilled-from-scorecard.png"), full_page=True)
        browser.close()
