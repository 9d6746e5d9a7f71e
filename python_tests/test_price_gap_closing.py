"""The README's way to close a price gap works: its one custom-price row prices the demo's fine-tune.

The project is copied, the README's row is appended to the copy's seeds/custom_model_prices.csv, and a small demo
is built there: the fine-tune's calls are priced at the row's rates (checked here by hand from the tokens) and
price_gaps no longer lists them; without the row (the project as shipped) they are the gap.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import DBT, PROJECT_ROOT, make_demo

FINE_TUNE = "ft:gpt-4.1-mini:acme:support-v2"


def _readme_row() -> str:
    text = (PROJECT_ROOT / "README.md").read_text()
    section = text[text.index("### Close a price gap") :]
    return re.search(r"```csv\n(.+?)\n```", section, re.S).group(1)  # type: ignore[union-attr]


def test_the_readme_row_has_the_seed_columns() -> None:
    header = (PROJECT_ROOT / "seeds" / "custom_model_prices.csv").read_text().splitlines()[0].split(",")
    row = _readme_row().split(",", len(header) - 1)
    assert len(row) == len(header)
    assert dict(zip(header, row, strict=True))["model_id"] == FINE_TUNE


@pytest.fixture(scope="module")
def closed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os
    import subprocess

    project = tmp_path_factory.mktemp("closed") / "project"
    shutil.copytree(
        PROJECT_ROOT,
        project,
        ignore=shutil.ignore_patterns(".venv", ".git", "target", "logs", "data", "build", "*.duckdb", "dbt_packages"),
    )
    with (project / "seeds" / "custom_model_prices.csv").open("a") as handle:
        handle.write(_readme_row() + "\n")
    raw = make_demo(project / "raw", requests=20_000, days=60)
    env = dict(os.environ)
    env.update(
        AI_FINOPS_RAW_PATH=str(raw),
        AI_FINOPS_DUCKDB_PATH=str(project / "warehouse.duckdb"),
        AI_FINOPS_TARGET="duckdb",
        DBT_PROFILES_DIR=str(PROJECT_ROOT),
    )
    result = subprocess.run(
        [DBT, "build", "--exclude-resource-type", "unit_test"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    return project / "warehouse.duckdb"


def test_the_fine_tune_is_priced_at_the_row_and_no_longer_a_gap(closed: Path) -> None:
    with duckdb.connect(str(closed), read_only=True) as connection:
        calls, unpriced, cost, expected = connection.execute(
            f"""
            select count(*), count_if(is_unpriced), sum(model_cost_usd),
                sum(uncached_input_tokens * 0.8 + cache_read_input_tokens * 0.2
                    + cache_creation_input_tokens * 0.8 + output_tokens * 3.2) / 1e6
            from fct_llm_requests where model_id = '{FINE_TUNE}'
            """
        ).fetchone()
        gaps = connection.execute(f"select count(*) from price_gaps where model_id = '{FINE_TUNE}'").fetchone()[0]
    assert calls > 0 and unpriced == 0 and gaps == 0
    assert abs(cost - expected) < 1e-9
