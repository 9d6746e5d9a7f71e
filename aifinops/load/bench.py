"""The OTLP loader beside DuckDB reading the same file (part of `make bench`).

The demo company (build/bench/raw_<n>, as `aifinops.bench` generates it) is exported as OTLP JSON lines
(`python -m aifinops.demo.export --format otel --limit SPANS`: that many inference spans, plus an execute_tool
span per tool call) once and kept under build/bench/. Each repeat then times, each in a fresh process with its
peak resident memory (whole process tree):
- the floor: DuckDB reading the file into a table (`create table as select * from read_json(...)`, the schema
  detected by DuckDB, its default read options) at DuckDB's default memory limit: at the project's 2 GB it
  runs out of memory on a 1M-span file, since it parses a whole vector of multi-megabyte lines at once;
- the load: `python -m aifinops.load --format otel` into an empty raw folder, inside the 2 GB limit (it reads
  the file in pieces).
The ratio load / floor is taken within each repeat (the machine is shared), and the medians are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from pathlib import Path

from aifinops.bench import WORK, generated, measured
from aifinops.load.common import MEMORY_LIMIT

TARGET_RATIO = 2.0
# Demo calls per requested inference span: the generator drops a few percent of calls from telemetry.
DEMO_PER_SPAN = 1.05


def exported(spans: int) -> Path:
    """The OTLP file of `spans` demo calls, written once and reused while its arguments match."""
    requests = int(spans * DEMO_PER_SPAN)
    target = WORK / f"otlp_{spans}.jsonl"
    stamp = target.with_suffix(".json")
    arguments = {"spans": spans, "requests": requests}
    if target.exists() and stamp.exists() and json.loads(stamp.read_text()) == arguments:
        return target
    raw = generated(requests)
    command = [sys.executable, "-m", "aifinops.demo.export", "--format", "otel", "--raw", str(raw)]
    measured(command + ["--out", str(target), "--limit", str(spans)], env=dict(os.environ))
    stamp.write_text(json.dumps(arguments))
    return target


def floor_command(path: Path) -> list[str]:
    script = (
        "import duckdb; c = duckdb.connect();"
        ' c.execute("create table spans as select * from read_json('
        f"'{path}', format = 'newline_delimited')\");"
        " print(c.execute('select count(*) from spans').fetchone()[0])"
    )
    return [sys.executable, "-c", script]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    source = exported(args.spans)
    size_mib = source.stat().st_size / 2**20
    rows = []
    for _ in range(args.repeat):
        floor = measured(floor_command(source), env=dict(os.environ))
        raw = WORK / "otlp_load_raw"
        shutil.rmtree(raw, ignore_errors=True)
        load = measured(
            [sys.executable, "-m", "aifinops.load", "--format", "otel", "--path", str(source), "--raw", str(raw)],
            env=dict(os.environ),
        )
        rows.append((floor, load, load.seconds / floor.seconds))
        print(
            f"  floor {floor.seconds:.1f} s ({floor.peak_rss_mib:.0f} MiB), load {load.seconds:.1f} s"
            f" ({load.peak_rss_mib:.0f} MiB): {load.seconds / floor.seconds:.2f}x"
        )
    report = (WORK / "last_command.log").read_text().strip().splitlines()
    print("\n".join("  " + line for line in report))
    floor_s = statistics.median(r[0].seconds for r in rows)
    load_s = statistics.median(r[1].seconds for r in rows)
    ratio = statistics.median(r[2] for r in rows)
    peak = max(r[1].peak_rss_mib for r in rows)
    floor_peak = max(r[0].peak_rss_mib for r in rows)
    print(
        f"OTLP load of {args.spans:,} inference spans ({size_mib:,.0f} MiB): median {load_s:.1f} s against"
        f" DuckDB's read {floor_s:.1f} s ({floor_peak:,.0f} MiB),"
        f" median ratio {ratio:.2f}x (target <= {TARGET_RATIO:.0f}x);"
        f" load's peak memory {peak:,.0f} MiB (its DuckDB limit {MEMORY_LIMIT})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
