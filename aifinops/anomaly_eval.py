"""Score the anomaly rules against the generator's ground truth (precision, recall, quiet days).

The demo's `_manifest.json` lists, per injected scenario, the rule meant to find it, its scope and the days it
must fire on, and the scopes the scenario legitimately moves (`explains`). An alert is true when a scenario
explains its scope and day; a scenario is found when its rule fires on its scope on one of its days.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Alert:
    day: date
    rule: str
    scope_type: str
    scope_id: str


@dataclass
class Evaluation:
    alerts: int
    true_alerts: int
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    false_alerts: list[Alert] = field(default_factory=list)
    scope_days_judged: int = 0

    @property
    def precision(self) -> float:
        return self.true_alerts / self.alerts if self.alerts else 1.0

    @property
    def recall(self) -> float:
        expected = len(self.found) + len(self.missed)
        return len(self.found) / expected if expected else 1.0


def _in(day: date, first: str, last: str) -> bool:
    return date.fromisoformat(first) <= day <= date.fromisoformat(last)


def evaluate(alerts: list[Alert], expected: list[dict], scope_days_judged: int = 0) -> Evaluation:
    """Compare alerts with the manifest's `expected_anomalies`."""

    def explained(alert: Alert) -> bool:
        for item in expected:
            windows = [item, *item["explains"]]
            for window in windows:
                same_scope = (window["scope_type"], window["scope_id"]) == (alert.scope_type, alert.scope_id)
                if same_scope and _in(alert.day, window["first_day"], window["last_day"]):
                    return True
        return False

    evaluation = Evaluation(alerts=len(alerts), true_alerts=0, scope_days_judged=scope_days_judged)
    for alert in alerts:
        if explained(alert):
            evaluation.true_alerts += 1
        else:
            evaluation.false_alerts.append(alert)
    for item in expected:
        label = f"{item['scenario']} -> {item['rule']} on {item['scope_type']} {item['scope_id']}"
        hit = any(
            (alert.rule, alert.scope_type, alert.scope_id) == (item["rule"], item["scope_type"], item["scope_id"])
            and _in(alert.day, item["first_day"], item["last_day"])
            for alert in alerts
        )
        (evaluation.found if hit else evaluation.missed).append(label)
    return evaluation


def read_alerts(connection: duckdb.DuckDBPyConnection) -> list[Alert]:
    rows = connection.execute("select anomaly_date, rule, scope_type, scope_id from cost_anomalies").fetchall()
    return [Alert(*row) for row in rows]


def scope_days_judged(connection: duckdb.DuckDBPyConnection) -> int:
    return connection.execute("select count(*) from anomaly_scope_days where has_full_baseline").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m aifinops.anomaly_eval",
        description="Precision and recall of the anomaly rules on demo data (needs its _manifest.json).",
    )
    default = os.environ.get("AI_FINOPS_DUCKDB_PATH", "ai_finops.duckdb")
    raw = os.environ.get("AI_FINOPS_RAW_PATH", "data/raw")
    parser.add_argument("--database", type=Path, default=Path(default))
    parser.add_argument("--manifest", type=Path, default=Path(raw) / "_manifest.json")
    args = parser.parse_args(argv)
    for path in (args.database, args.manifest):
        if not path.exists():
            print(f"{path} does not exist: run `make build` first", file=sys.stderr)
            return 1
    expected = json.loads(args.manifest.read_text())["expected_anomalies"]
    with duckdb.connect(str(args.database), read_only=True) as connection:
        result = evaluate(read_alerts(connection), expected, scope_days_judged(connection))
    print(f"alerts {result.alerts}, explained by a scenario {result.true_alerts}: precision {result.precision:.3f}")
    scenarios = len(result.found) + len(result.missed)
    print(f"scenarios found {len(result.found)} of {scenarios}: recall {result.recall:.3f}")
    print(f"false alerts {len(result.false_alerts)} over {result.scope_days_judged:,} scope-days judged")
    for label in result.found:
        print(f"  found   {label}")
    for label in result.missed:
        print(f"  MISSED  {label}")
    for alert in result.false_alerts:
        print(f"  false   {alert.day} {alert.rule} {alert.scope_type} {alert.scope_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
