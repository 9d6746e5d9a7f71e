"""The rules of dbt-project-evaluator that apply to this project, checked on a dbt manifest (target/manifest.json).

Each rule is a function from the manifest to its violations (one sentence each, naming the node); none means the
rule holds. `python -m aifinops.project_rules target/manifest.json` prints every violation and exits 1 if any.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Manifest = dict[str, Any]
Node = dict[str, Any]

STAGING = "models/staging/"
INTERMEDIATE = "models/intermediate/"
MARTS = "models/marts/"
KEY_TESTS = ("unique", "unique_combination")
# The grain a model without a key must state in its description: rows as read, duplicates included.
RAW_ROW_GRAIN = re.compile(r"one row per (rejected )?raw row", re.IGNORECASE)


def models(manifest: Manifest) -> Iterator[tuple[str, Node]]:
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] == "model":
            yield unique_id, node


def path(node: Node) -> str:
    return str(node["original_file_path"])


def parents(node: Node) -> list[str]:
    return list(node.get("depends_on", {}).get("nodes", []))


def layer(manifest: Manifest, unique_id: str) -> str:
    """staging, intermediate, marts, seed, source or other."""
    if unique_id.startswith("source."):
        return "source"
    if unique_id.startswith("seed."):
        return "seed"
    node = manifest["nodes"].get(unique_id)
    if node is None:
        return "other"
    for name, prefix in (("staging", STAGING), ("intermediate", INTERMEDIATE), ("marts", MARTS)):
        if path(node).startswith(prefix):
            return name
    return "other"


def sources_read_only_in_staging(manifest: Manifest) -> list[str]:
    return [
        f"{unique_id} ({path(node)}) reads {parent}: only staging models may read a source"
        for unique_id, node in models(manifest)
        for parent in parents(node)
        if parent.startswith("source.") and not path(node).startswith(STAGING)
    ]


def one_staging_folder_per_source(manifest: Manifest) -> list[str]:
    """Each source is declared in models/staging/<source_name>/ and read only by models in that folder."""
    problems = []
    for unique_id, source in manifest["sources"].items():
        folder = f"{STAGING}{source['source_name']}/"
        if not path(source).startswith(folder):
            problems.append(f"{unique_id} is declared in {path(source)}, not in {folder}")
        for reader_id, node in models(manifest):
            if unique_id in parents(node) and not path(node).startswith(folder):
                problems.append(f"{reader_id} ({path(node)}) reads {unique_id} from outside {folder}")
    return problems


def no_model_reads_a_source_and_a_node(manifest: Manifest) -> list[str]:
    problems = []
    for unique_id, node in models(manifest):
        read = parents(node)
        sources = [p for p in read if p.startswith("source.")]
        others = [p for p in read if not p.startswith("source.")]
        if sources and others:
            problems.append(f"{unique_id} reads source {sources[0]} and {others[0]}: read a source alone")
        if len({s.split(".")[2] for s in sources}) > 1:
            problems.append(f"{unique_id} joins several sources: {sorted(sources)}")
    return problems


def lineage_runs_one_way(manifest: Manifest) -> list[str]:
    """No staging or intermediate model reads a mart, and no staging model reads an intermediate one."""
    forbidden = {"staging": {"marts", "intermediate"}, "intermediate": {"marts"}}
    problems = []
    for unique_id, node in models(manifest):
        own = layer(manifest, unique_id)
        for parent in parents(node):
            if layer(manifest, parent) in forbidden.get(own, set()):
                problems.append(f"{unique_id} ({own}) reads {parent} ({layer(manifest, parent)})")
    return problems


def keyed_models(manifest: Manifest) -> set[str]:
    keyed = set()
    for node in manifest["nodes"].values():
        metadata = node.get("test_metadata") or {}
        if node["resource_type"] == "test" and metadata.get("name") in KEY_TESTS and node.get("attached_node"):
            keyed.add(node["attached_node"])
    return keyed


def every_model_has_a_primary_key_test(manifest: Manifest) -> list[str]:
    """A unique or unique_combination test, or, for a model at the grain of raw rows as read (duplicates kept),
    the reason in meta no_primary_key and that grain in its description."""
    keyed = keyed_models(manifest)
    problems = []
    for unique_id, node in models(manifest):
        if unique_id in keyed:
            continue
        reason = (node.get("config", {}).get("meta") or {}).get("no_primary_key")
        if not reason:
            problems.append(f"{unique_id} has no unique or unique_combination test")
        elif not RAW_ROW_GRAIN.search(node.get("description", "")):
            problems.append(f"{unique_id} gives no_primary_key but its description states no raw-row grain")
    return problems


def every_source_has_freshness(manifest: Manifest) -> list[str]:
    problems = []
    for unique_id, source in manifest["sources"].items():
        freshness = source.get("freshness") or {}
        limits = [freshness.get(k) or {} for k in ("warn_after", "error_after")]
        if not any(limit.get("count") and limit.get("period") for limit in limits):
            problems.append(f"{unique_id} has no freshness (warn_after or error_after)")
        if not source.get("loaded_at_field") and not source.get("config", {}).get("loaded_at_query"):
            problems.append(f"{unique_id} has no loaded_at_field")
    return problems


def exposures_read_public_marts(manifest: Manifest) -> list[str]:
    problems = []
    for unique_id, exposure in manifest.get("exposures", {}).items():
        read = exposure.get("depends_on", {}).get("nodes", [])
        if not read:
            problems.append(f"{unique_id} depends on nothing")
        for parent in read:
            node = manifest["nodes"].get(parent, {})
            if layer(manifest, parent) != "marts" or node.get("access") != "public":
                problems.append(f"{unique_id} reads {parent}, not a public mart")
    return problems


def marts_documented_and_contracted(manifest: Manifest) -> list[str]:
    problems = []
    for unique_id, node in models(manifest):
        if not path(node).startswith(MARTS):
            continue
        if not node.get("description", "").strip():
            problems.append(f"{unique_id} has no description")
        if not node.get("config", {}).get("contract", {}).get("enforced"):
            problems.append(f"{unique_id} has no enforced contract")
        if not node.get("columns"):
            problems.append(f"{unique_id} documents no columns")
        for name, column in node.get("columns", {}).items():
            if not column.get("description", "").strip():
                problems.append(f"{unique_id}.{name} has no description")
            if not column.get("data_type"):
                problems.append(f"{unique_id}.{name} has no data_type")
    return problems


RULES: dict[str, Callable[[Manifest], list[str]]] = {
    "sources read only in staging": sources_read_only_in_staging,
    "one staging folder per source": one_staging_folder_per_source,
    "no model reads a source and another node": no_model_reads_a_source_and_a_node,
    "lineage runs one way": lineage_runs_one_way,
    "every model has a primary-key test": every_model_has_a_primary_key_test,
    "every source has freshness": every_source_has_freshness,
    "exposures read public marts only": exposures_read_public_marts,
    "marts documented and contracted": marts_documented_and_contracted,
}


def violations(manifest: Manifest) -> dict[str, list[str]]:
    return {name: rule(manifest) for name, rule in RULES.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", type=Path, nargs="?", default=Path("target/manifest.json"))
    arguments = parser.parse_args(argv)
    found = violations(json.loads(arguments.manifest.read_text()))
    for name, problems in found.items():
        print(f"{'ok  ' if not problems else 'FAIL'} {name}")
        for problem in problems:
            print(f"       {problem}")
    return 1 if any(found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
