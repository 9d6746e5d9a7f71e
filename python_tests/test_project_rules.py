"""The project's manifest keeps the rules of dbt-project-evaluator that apply to it (aifinops/project_rules.py);
small hand-made manifests show that each rule fails when broken."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from aifinops import project_rules
from aifinops.project_rules import RULES, violations


@pytest.fixture(scope="module")
def project_manifest(built: tuple[Path, Path, Path]) -> dict:
    _, _, work = built
    return json.loads((work / "target" / "manifest.json").read_text())


def test_the_project_keeps_every_rule(project_manifest: dict) -> None:
    found = violations(project_manifest)
    assert found == {name: [] for name in RULES}


def test_the_project_manifest_has_what_the_rules_look_at(project_manifest: dict) -> None:
    """The rules would hold vacuously on an empty manifest: the project's has sources, exposures, marts, tests."""
    models = dict(project_rules.models(project_manifest))
    assert len(project_manifest["sources"]) == 5
    assert len(project_manifest["exposures"]) >= 1
    assert sum(project_rules.layer(project_manifest, m) == "marts" for m in models) >= 40
    helpers = [m for m, node in models.items() if "/helpers/" in node["original_file_path"]]
    assert len(helpers) == 10
    assert all(models[m]["access"] == "protected" for m in helpers)
    assert len(project_rules.keyed_models(project_manifest)) >= len(models) - 16


def test_the_command_line_exits_1_on_a_violation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = good()
    broken["nodes"]["model.p.fct_a"]["depends_on"]["nodes"].append("source.p.raw.a")
    file = tmp_path / "manifest.json"
    file.write_text(json.dumps(broken))
    assert project_rules.main([str(file)]) == 1
    assert "FAIL sources read only in staging" in capsys.readouterr().out
    file.write_text(json.dumps(good()))
    assert project_rules.main([str(file)]) == 0


# A small manifest that keeps every rule: a source, its staging view, an intermediate model, a mart, an exposure.
def model(path: str, *parents: str, **extra: object) -> dict:
    return {
        "resource_type": "model",
        "original_file_path": path,
        "depends_on": {"nodes": list(parents)},
        "description": "One row per thing.",
        "config": {"contract": {"enforced": False}, "meta": {}},
        "columns": {},
        "access": "protected",
        **extra,
    }


def key_test(model_id: str, name: str = "unique") -> dict:
    return {"resource_type": "test", "test_metadata": {"name": name}, "attached_node": model_id}


def good() -> dict:
    mart = model(
        "models/marts/core/fct_a.sql",
        "model.p.int_a",
        access="public",
        config={"contract": {"enforced": True}, "meta": {}},
        columns={"a_id": {"description": "Key.", "data_type": "string"}},
    )
    return {
        "sources": {
            "source.p.raw.a": {
                "source_name": "raw",
                "original_file_path": "models/staging/raw/_raw__sources.yml",
                "freshness": {"warn_after": {"count": 1, "period": "day"}, "error_after": {}},
                "loaded_at_field": "loaded_at",
                "config": {},
            }
        },
        "nodes": {
            "model.p.stg_raw__a": model("models/staging/raw/stg_raw__a.sql", "source.p.raw.a"),
            "model.p.int_a": model("models/intermediate/int_a.sql", "model.p.stg_raw__a", "seed.p.s"),
            "model.p.fct_a": mart,
            "seed.p.s": {"resource_type": "seed", "original_file_path": "seeds/s.csv"},
            "test.p.u1": key_test("model.p.stg_raw__a"),
            "test.p.u2": key_test("model.p.int_a", "unique_combination"),
            "test.p.u3": key_test("model.p.fct_a"),
        },
        "exposures": {"exposure.p.board": {"depends_on": {"nodes": ["model.p.fct_a"]}}},
    }


def test_the_small_manifest_keeps_every_rule() -> None:
    assert violations(good()) == {name: [] for name in RULES}


def broken(change) -> dict:
    manifest = copy.deepcopy(good())
    change(manifest)
    return manifest


def nodes(manifest: dict) -> dict:
    return manifest["nodes"]


CASES = {
    "sources read only in staging": lambda m: nodes(m)["model.p.int_a"]["depends_on"]["nodes"].append("source.p.raw.a"),
    "one staging folder per source": lambda m: nodes(m)["model.p.stg_raw__a"].update(
        original_file_path="models/staging/other/stg_raw__a.sql"
    ),
    "no model reads a source and another node": lambda m: nodes(m)["model.p.stg_raw__a"]["depends_on"]["nodes"].append(
        "seed.p.s"
    ),
    "lineage runs one way": lambda m: nodes(m)["model.p.int_a"]["depends_on"]["nodes"].append("model.p.fct_a"),
    "every model has a primary-key test": lambda m: nodes(m).pop("test.p.u2"),
    "every source has freshness": lambda m: m["sources"]["source.p.raw.a"].update(freshness=None),
    "exposures read public marts only": lambda m: m["exposures"]["exposure.p.board"]["depends_on"]["nodes"].append(
        "model.p.int_a"
    ),
    "marts documented and contracted": lambda m: nodes(m)["model.p.fct_a"]["columns"]["a_id"].update(description=""),
}

# A mart reading the source breaks these too: the source is read outside its staging folder, beside a model.
ALSO_BROKEN = {
    "sources read only in staging": ("one staging folder per source", "no model reads a source and another node")
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_fails_when_broken(rule: str) -> None:
    found = violations(broken(CASES[rule]))
    assert found[rule], f"{rule} did not fail"
    assert {name for name, problems in found.items() if problems} == {rule, *ALSO_BROKEN.get(rule, ())}, found


def test_staging_may_not_read_intermediate() -> None:
    found = violations(
        broken(lambda m: nodes(m)["model.p.stg_raw__a"]["depends_on"]["nodes"].__setitem__(0, "model.p.int_a"))
    )
    assert found["lineage runs one way"] == ["model.p.stg_raw__a (staging) reads model.p.int_a (intermediate)"]


def test_a_mart_without_an_enforced_contract_fails() -> None:
    found = violations(broken(lambda m: nodes(m)["model.p.fct_a"]["config"]["contract"].update(enforced=False)))
    assert found["marts documented and contracted"] == ["model.p.fct_a has no enforced contract"]


def test_an_exposure_may_not_read_a_protected_mart() -> None:
    found = violations(broken(lambda m: nodes(m)["model.p.fct_a"].update(access="protected")))
    assert found["exposures read public marts only"] == ["exposure.p.board reads model.p.fct_a, not a public mart"]


def test_a_model_without_a_key_needs_a_reason_and_the_raw_row_grain() -> None:
    def unkeyed(reason: str | None, description: str):
        def change(m: dict) -> None:
            nodes(m).pop("test.p.u1")
            stg = nodes(m)["model.p.stg_raw__a"]
            stg["description"] = description
            if reason:
                stg["config"]["meta"]["no_primary_key"] = reason

        return violations(broken(change))["every model has a primary-key test"]

    assert unkeyed("Copies kept.", "Every raw row. One row per raw row.") == []
    assert unkeyed(None, "Every raw row. One row per raw row.") == [
        "model.p.stg_raw__a has no unique or unique_combination test"
    ]
    assert unkeyed("Copies kept.", "One row per request.") == [
        "model.p.stg_raw__a gives no_primary_key but its description states no raw-row grain"
    ]
