"""The monthly review pack (analyses/monthly_review/) on the dirty demo build: compiled by dbt and run on the
warehouse, each analysis gives the rows recomputed here in Python from the marts one level down (the run and call
facts where a question can be answered from them) and the seeds' owners, by the rules its header states."""

from __future__ import annotations

import csv
import datetime as dt
import math
import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import PROJECT_ROOT, SEEDS, dbt

REVIEW_MONTH = dt.date(2026, 5, 1)  # the dirty demo's days run from 2025-12-01 to 2026-05-31
NEXT_MONTH = dt.date(2026, 6, 1)
NEXT_REVIEW = dt.date(2026, 7, 5)  # day 5 of the month after next
PACK = ("budget_changes", "routing_changes", "tool_retirements", "workflow_improvements", "exception_decisions")
QUESTIONS = (
    "abandoned_run_cost_by_workflow",
    "premium_models_on_routine_work",
    "blocked_requests_by_route",
    "retries_by_user_group",
    "rag_retrieval_vs_acceptance",
)
Row = dict[str, object]


def seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


TEAM_OWNER = {row["team_id"]: row["budget_owner_email"] for row in seed("teams")}
ROUTING_OWNER = {row["task_type"]: row["owner_team_id"] for row in seed("routing_policy")}
POLICY = {row["task_type"]: row for row in seed("routing_policy")}
WORKFLOWS = {row["workflow_id"]: row for row in seed("workflows")}


def compiled(built: tuple[Path, Path, Path], folder: Path, *arguments: str) -> Path:
    raw, database, _ = built
    result = dbt(["compile", "--select", "path:analyses/monthly_review", *arguments], raw, database, folder)
    assert result.returncode == 0, result.stdout[-3000:]
    return folder / "target" / "compiled" / "ai_finops" / "analyses" / "monthly_review"


@pytest.fixture(scope="module")
def warehouse(built: tuple[Path, Path, Path]):
    """Query the warehouse; each query connects on its own, as dbt compile opens it for writing."""

    def rows(sql: str) -> list[Row]:
        with duckdb.connect(str(built[1]), read_only=True) as connection:
            result = connection.execute(sql)
            names = [column[0] for column in result.description]
            return [dict(zip(names, values, strict=True)) for values in result.fetchall()]

    return rows


@pytest.fixture(scope="module")
def pack(built: tuple[Path, Path, Path], warehouse, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Row]]:
    folder = compiled(built, tmp_path_factory.mktemp("review"))
    return {name: warehouse((folder / f"{name}.sql").read_text()) for name in (*PACK, *QUESTIONS)}


def close(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]


def assert_rows(found: list[Row], expected: dict[tuple, dict[str, object]], key: tuple[str, ...]) -> None:
    """found rows keyed by the key columns hold the expected values (floats within rounding)."""
    assert expected, "nothing to compare with: the demo should give rows"
    by_key = {tuple(row[k] for k in key): row for row in found}
    assert len(by_key) == len(found), "a key twice"
    assert set(by_key) == set(expected), set(by_key) ^ set(expected)
    for k, values in expected.items():
        for column, value in values.items():
            got = by_key[k][column]
            ok = close(got, value) if isinstance(value, float) else got == value
            assert ok, (k, column, got, value)


def test_every_output_has_its_owner_and_the_next_review_date(pack) -> None:
    for name in PACK:
        assert pack[name], name
        for row in pack[name]:
            assert row["review_month"] == REVIEW_MONTH and row["next_review_date"] == NEXT_REVIEW, name
            assert row["owner_role"] and row["owner_email"] and str(row["owner_email"]).endswith("@acme.example"), (
                name,
                row,
            )
            assert row["proposed_decision"], (name, row)


def test_a_chosen_review_month_moves_the_dates(built, warehouse, tmp_path) -> None:
    folder = compiled(built, tmp_path, "--vars", "{review_month: '2026-03-01', review_meeting_day: 8}")
    rows = warehouse((folder / "budget_changes.sql").read_text())
    assert rows and {(r["review_month"], r["next_review_date"]) for r in rows} == {
        (dt.date(2026, 3, 1), dt.date(2026, 5, 8))
    }


def test_budget_changes(pack, warehouse) -> None:
    owners = {row["budget_id"]: row["owner_email"] for row in seed("budgets")}
    forecasts = {
        (r["scope_type"], r["scope_id"]): r["forecast_p90_usd"]
        for r in warehouse(f"select * from spend_forecast where forecast_month = '{NEXT_MONTH}'")
    }
    expected = {}
    for budget in warehouse(f"select * from budget_status where month_start_date = '{REVIEW_MONTH}'"):
        planning = forecasts.get((budget["scope_type"], budget["scope_id"]), budget["spend_to_date_usd"])
        if planning > budget["budget_usd"]:
            decision = "raise"
        elif planning < 0.5 * budget["budget_usd"]:
            decision = "lower"
        else:
            decision = "keep"
        proposed = float(budget["base_budget_usd"] if decision == "keep" else math.ceil(planning))
        expected[(budget["budget_id"],)] = {
            "proposed_decision": decision,
            "proposed_budget_usd": proposed,
            "expected_monthly_effect_usd": proposed - budget["base_budget_usd"],
            "owner_email": owners[budget["budget_id"]],
        }
    assert_rows(pack["budget_changes"], expected, ("budget_id",))


def test_routing_changes(pack, warehouse) -> None:
    sql = f"select * from routing_opportunities where month_start_date = '{REVIEW_MONTH}' and is_recommended"
    expected = {
        (r["team_id"], r["task_type"], r["model_id"]): {
            "policy_model_id": r["policy_model_id"],
            "proposed_decision": f"route to {r['policy_model_id']}",
            "expected_monthly_effect_usd": -r["saving_usd"],
            "owner_team_id": ROUTING_OWNER[r["task_type"]],
            "owner_email": TEAM_OWNER[ROUTING_OWNER[r["task_type"]]],
        }
        for r in warehouse(sql)
    }
    assert_rows(pack["routing_changes"], expected, ("team_id", "task_type", "model_id"))


def test_tool_retirements(pack, warehouse) -> None:
    expected = {}
    for r in warehouse(f"select * from subscription_waste where month_start_date = '{REVIEW_MONTH}'"):
        if r["is_inactive_two_months"]:
            decision, effect = "retire", -r["monthly_cost_usd"]
        elif r["seats_idle"] > 0.3 * r["seats_purchased"]:
            decision, effect = "cut idle seats", -r["idle_seat_cost_usd"]
        else:
            continue
        key = (r["vendor"], r["product"], r["owner_team_id"])
        expected[key] = {
            "proposed_decision": decision,
            "expected_monthly_effect_usd": float(effect),
            "owner_email": TEAM_OWNER[r["owner_team_id"]],
        }
    assert any(v["proposed_decision"] == "retire" for v in expected.values()), "the demo has an unused tool"
    assert_rows(pack["tool_retirements"], expected, ("vendor", "product", "owner_team_id"))


def runs_of(warehouse, month: dt.date, production_only: bool = False) -> list[Row]:
    end = (month + dt.timedelta(days=32)).replace(day=1)
    where = " and is_production" if production_only else ""
    return warehouse(
        f"select * from fct_workflow_runs where started_date >= '{month}' and started_date < '{end}'{where}"
    )


def test_workflow_improvements_from_the_runs(pack, warehouse) -> None:
    """From the run facts: each production workflow's cost by outcome, the largest waste named."""
    cost: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    accepted: dict[str, int] = defaultdict(int)
    for run in runs_of(warehouse, REVIEW_MONTH, production_only=True):
        spent = cost[run["workflow_id"]]
        spent["total"] += run["fully_loaded_cost_usd"]
        if run["status"] in ("failed", "abandoned", "blocked"):
            spent[run["status"]] += run["fully_loaded_cost_usd"]
        if run["is_output_accepted"] is False:
            spent["rejected"] += run["fully_loaded_cost_usd"]
        accepted[run["workflow_id"]] += run["is_output_accepted"] is True
    fixes = {
        "abandoned": "cut abandoned runs",
        "failed": "fix failing runs",
        "blocked": "stop blocked runs earlier",
        "rejected": "improve rejected outputs",
    }
    expected = {}
    for workflow, spent in cost.items():
        waste = {outcome: spent[outcome] for outcome in fixes}
        if sum(waste.values()) <= 0.1 * spent["total"]:
            continue
        largest = max(waste, key=lambda outcome: (waste[outcome], outcome == "abandoned"))
        owner_team = WORKFLOWS[workflow]["owner_team_id"]
        expected[(workflow,)] = {
            "total_cost_usd": spent["total"],
            "cost_per_accepted_output_usd": spent["total"] / accepted[workflow] if accepted[workflow] else None,
            "proposed_decision": fixes[largest],
            "expected_monthly_effect_usd": -waste[largest],
            "owner_team_id": owner_team,
            "owner_email": TEAM_OWNER[owner_team],
        }
    assert_rows(pack["workflow_improvements"], expected, ("workflow_id",))


def test_exception_decisions(pack, warehouse) -> None:
    expected = {}
    sql = f"select * from routing_opportunities where month_start_date = '{REVIEW_MONTH}' and exception_requests > 0"
    for r in warehouse(sql):
        effect = -r["exception_cost_usd"] * r["saving_usd"] / r["routable_cost_usd"] if r["routable_cost_usd"] else None
        expected[("model_exception", r["team_id"], f"{r['task_type']} on {r['model_id']}")] = {
            "cost_usd": r["exception_cost_usd"],
            "expected_monthly_effect_usd": effect,
            "owner_email": TEAM_OWNER[ROUTING_OWNER[r["task_type"]]],
        }
    owners = {row["budget_id"]: row["owner_email"] for row in seed("budgets")}
    sql = f"select * from budget_status where month_start_date = '{REVIEW_MONTH}' and has_approved_override"
    for r in warehouse(sql):
        expected[("budget_override", r["scope_id"], r["budget_id"])] = {
            "expected_monthly_effect_usd": -r["overrides_usd"],
            "owner_email": owners[r["budget_id"]],
        }
    month_end = dt.datetime.combine(NEXT_MONTH, dt.time())
    for r in warehouse("select * from anomaly_remediation"):
        if r["episode_start_date"] >= NEXT_MONTH or (r["resolved_at"] is not None and r["resolved_at"] < month_end):
            continue
        expected[("open_anomaly", r["scope_id"], f"{r['rule']} since {r['episode_start_date']}")] = {
            "expected_monthly_effect_usd": -r["excess_cost_usd"],
            "owner_email": TEAM_OWNER[r["owner_team_id"]],
        }
    kinds = {key[0] for key in expected}
    assert {"model_exception", "open_anomaly"} <= kinds, kinds
    assert_rows(pack["exception_decisions"], expected, ("exception_type", "subject_id", "detail"))


def test_abandoned_run_cost_by_workflow_from_the_runs(pack, warehouse) -> None:
    found: dict[tuple, dict[str, object]] = {}
    for run in runs_of(warehouse, REVIEW_MONTH):
        if run["status"] == "abandoned":
            row = found.setdefault((run["workflow_id"],), {"abandoned_runs": 0, "abandoned_runs_cost_usd": 0.0})
            row["abandoned_runs"] += 1  # type: ignore[operator]
            row["abandoned_runs_cost_usd"] += run["fully_loaded_cost_usd"]  # type: ignore[operator]
    assert_rows(pack["abandoned_run_cost_by_workflow"], found, ("workflow_id",))
    costs = [row["abandoned_runs_cost_usd"] for row in pack["abandoned_run_cost_by_workflow"]]
    assert costs == sorted(costs, reverse=True), "highest first"


def test_premium_models_on_routine_work_from_the_calls(pack, warehouse) -> None:
    """From the call facts: premium-tier cost on task types whose policy tier is economy, by department."""
    end = NEXT_MONTH
    calls = warehouse(
        "select department_id, workflow_id, model_tier, request_count, model_cost_usd from fct_llm_requests "
        f"where started_date >= '{REVIEW_MONTH}' and started_date < '{end}' and workflow_id is not null"
    )
    total: dict[tuple, float] = defaultdict(float)
    premium: dict[tuple, list[float]] = defaultdict(lambda: [0, 0.0])
    for call in calls:
        task_type = WORKFLOWS[call["workflow_id"]]["task_type"]
        if POLICY[task_type]["policy_tier"] != "economy":
            continue
        key = (call["department_id"], task_type)
        total[key] += call["model_cost_usd"] or 0.0
        if call["model_tier"] == "premium":
            premium[key][0] += call["request_count"]
            premium[key][1] += call["model_cost_usd"] or 0.0
    expected = {
        key: {"premium_requests": count, "premium_cost_usd": cost, "premium_cost_share": cost / total[key]}
        for key, (count, cost) in premium.items()
        if count > 0
    }
    assert_rows(pack["premium_models_on_routine_work"], expected, ("department_id", "task_type"))


def test_blocked_requests_by_route_from_the_runs(pack, warehouse) -> None:
    runs = runs_of(warehouse, REVIEW_MONTH)
    by_task: dict[str, int] = defaultdict(int)
    blocked: dict[tuple, int] = defaultdict(int)
    for run in runs:
        by_task[run["task_type"]] += 1
        if run["status"] == "blocked":
            blocked[(run["task_type"], run["blocked_reason"])] += 1
    expected = {
        key: {
            "blocked_runs": count,
            "blocked_run_share": count / by_task[key[0]],
            "policy_default_model_id": POLICY[key[0]]["default_model_id"],
        }
        for key, count in blocked.items()
    }
    assert_rows(pack["blocked_requests_by_route"], expected, ("task_type", "blocked_reason"))
    counts = [row["blocked_runs"] for row in pack["blocked_requests_by_route"]]
    assert counts == sorted(counts, reverse=True), "most blocked first"


def test_retries_by_user_group_from_the_calls(pack, warehouse) -> None:
    calls = warehouse(
        "select team_id, user_id, request_count, is_retry from fct_llm_requests "
        f"where started_date >= '{REVIEW_MONTH}' and started_date < '{NEXT_MONTH}'"
    )
    company_rate = sum(c["request_count"] for c in calls if c["is_retry"]) / sum(c["request_count"] for c in calls)
    users: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for call in calls:
        counts = users[(call["team_id"], call["user_id"])]
        counts[0] += call["request_count"]
        counts[1] += call["request_count"] if call["is_retry"] else 0
    expected: dict[tuple, dict[str, object]] = {}
    for (team, _), (requests, retried) in users.items():
        row = expected.setdefault((team,), {"active_users": 0, "requests": 0, "retried_requests": 0, "over": 0})
        row["active_users"] += 1  # type: ignore[operator]
        row["requests"] += requests  # type: ignore[operator]
        row["retried_requests"] += retried  # type: ignore[operator]
        row["over"] += retried > 2 * company_rate * requests  # type: ignore[operator]
    for row in expected.values():
        row["retry_rate"] = row["retried_requests"] / row["requests"]  # type: ignore[operator]
        row["users_retrying_over_twice_company_rate"] = row.pop("over")
        row["company_retry_rate"] = company_rate
    assert_rows(pack["retries_by_user_group"], expected, ("team_id",))


def test_rag_retrieval_vs_acceptance_from_the_runs(pack, warehouse) -> None:
    runs = runs_of(warehouse, REVIEW_MONTH)
    company = sum(r["is_output_accepted"] is True for r in runs) / len(runs)
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0])
    for run in runs:
        t = totals[run["workflow_id"]]
        t[0] += 1
        t[1] += run["is_output_accepted"] is True
        t[2] += run["retrieval_cost_usd"]
        t[3] += run["fully_loaded_cost_usd"]
    expected = {
        (workflow,): {
            "retrieval_cost_usd": retrieval,
            "is_heavy_retrieval": retrieval / cost >= 0.05,
            "is_low_acceptance": accepted / count < company,
        }
        for workflow, (count, accepted, retrieval, cost) in totals.items()
        if retrieval > 0
    }
    assert any(v["is_heavy_retrieval"] and v["is_low_acceptance"] for v in expected.values())
    assert_rows(pack["rag_retrieval_vs_acceptance"], expected, ("workflow_id",))
    first = pack["rag_retrieval_vs_acceptance"][0]
    assert first["is_heavy_retrieval"] and first["is_low_acceptance"], "flagged both first"


def test_the_readmes_review_commands_run(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """The README's commands, as written: compile the pack (latest month, then a chosen one), then the Python line
    run from a folder whose ai_finops.duckdb is the test warehouse."""
    raw, database, _ = built
    section = (PROJECT_ROOT / "README.md").read_text().split("## Monthly review pack", 1)[1].split("\n## ", 1)[0]
    lines = [line.split("  #")[0] for line in section.splitlines() if line.startswith(".venv/bin/")]
    compiles = [shlex.split(line)[1:] for line in lines if line.startswith(".venv/bin/dbt compile")]
    assert len(compiles) == 2
    for arguments in compiles:
        result = dbt(arguments, raw, database, tmp_path)
        assert result.returncode == 0, result.stdout[-3000:]
    (tmp_path / "ai_finops.duckdb").symlink_to(database)
    [python] = [shlex.split(line) for line in lines if line.startswith(".venv/bin/python")]
    shown = subprocess.run([sys.executable, *python[1:]], cwd=tmp_path, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "bud_company" in shown.stdout and "2026-04-01" in shown.stdout
