"""Server time of a dashboard page on a built warehouse: `python -m dashboards.bench --database FILE`.

Renders the page in-process with Streamlit's AppTest (the script run a browser request triggers), first with
an empty cache (every mart query runs) and then warm, and prints the median of several runs of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

VIEWS = Path(__file__).resolve().parent / "views"


def render_seconds(page: str) -> float:
    started = time.perf_counter()
    app = AppTest.from_file(str(VIEWS / f"{page}.py"), default_timeout=120).run()
    elapsed = time.perf_counter() - started
    if app.exception or app.error:
        raise SystemExit(f"{page} failed: {[item.value for item in [*app.exception, *app.error]]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboards.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", type=Path, default=Path(os.environ.get("AI_FINOPS_DUCKDB_PATH", "ai_finops.duckdb"))
    )
    parser.add_argument("--page", default="scorecard")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ["AI_FINOPS_DUCKDB_PATH"] = str(args.database)
    render_seconds(args.page)  # imports and first-touch of the file, not counted
    cold, warm = [], []
    for _ in range(args.runs):
        st.cache_data.clear()
        cold.append(render_seconds(args.page))
        warm.append(render_seconds(args.page))
    print(f"page {args.page} on {args.database} ({args.database.stat().st_size / 2**20:,.0f} MiB)")
    print(f"  cold cache: median {statistics.median(cold):.3f} s  runs {' '.join(f'{x:.3f}' for x in cold)}")
    print(f"  warm cache: median {statistics.median(warm):.3f} s  runs {' '.join(f'{x:.3f}' for x in warm)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
