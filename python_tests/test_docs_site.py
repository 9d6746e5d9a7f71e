"""`make docs`: the dbt docs site of a built warehouse, with every mart's columns and the exposures' lineage."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from python_tests.conftest import PROJECT_ROOT, dbt


@pytest.fixture(scope="module")
def site(built: tuple[Path, Path, Path]) -> Path:
    raw, database, work = built
    result = dbt(["docs", "generate", "--static"], raw, database, work)
    assert result.returncode == 0, result.stdout[-3000:]
    return work / "target"


def test_the_site_has_its_page_and_the_static_page(site: Path) -> None:
    for page in ("index.html", "static_index.html"):
        assert (site / page).stat().st_size > 100_000
    static = (site / "static_index.html").read_text()
    # The one-file page carries the manifest and the catalogue, so it opens without a server.
    assert "dashboard_scorecard" in static and "cost_per_accepted_output" in static


def test_the_catalogue_holds_every_documented_mart_column(site: Path) -> None:
    manifest = json.loads((site / "manifest.json").read_text())
    catalog = json.loads((site / "catalog.json").read_text())
    marts = {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["original_file_path"].startswith("models/marts/")
    }
    assert len(marts) >= 40
    for unique_id, node in marts.items():
        assert unique_id in catalog["nodes"], f"{unique_id} is not in the catalogue (not built?)"
        built_columns = {name.lower() for name in catalog["nodes"][unique_id]["columns"]}
        assert built_columns == {name.lower() for name in node["columns"]}, unique_id


def test_the_lineage_reaches_the_exposures(site: Path) -> None:
    manifest = json.loads((site / "manifest.json").read_text())
    exposures = manifest["exposures"]
    assert exposures
    for unique_id, exposure in exposures.items():
        assert exposure["depends_on"]["nodes"], unique_id
        for parent in exposure["depends_on"]["nodes"]:
            assert unique_id in manifest["child_map"][parent], (parent, unique_id)
    # The lineage runs from the sources through staging to the marts the scorecard reads.
    upstream, frontier = set(), {"exposure.ai_finops.dashboard_scorecard"}
    while frontier:
        frontier = {p for node in frontier for p in manifest["parent_map"].get(node, [])} - upstream
        upstream |= frontier
    assert {s for s in upstream if s.startswith("source.")} == set(manifest["sources"])


def test_make_docs_is_what_the_readme_says() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert re.search(r"^docs: .*\n\t\$\(BIN\)/dbt docs generate --static$", makefile, re.MULTILINE)
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make docs" in readme and "make docs-serve" in readme
    dry = subprocess.run(["make", "-n", "docs-serve"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert "dbt docs serve --no-browser --port 8080" in dry.stdout
