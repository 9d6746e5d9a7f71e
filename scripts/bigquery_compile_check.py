"""Offline BigQuery check: compile every model and analysis for BigQuery without reaching BigQuery, then parse the
compiled SQL with sqlglot's BigQuery dialect. `python scripts/bigquery_compile_check.py` (exit 1 on any failure).

dbt-bigquery talks to a local stub through a profile with `method: oauth-secrets`, a dummy token and `api_endpoint`
on the stub; `--no-populate-cache` skips listing. The stub answers 404 to every request (so relations look absent),
or, with the raw tables present, describes each raw table of the contract (dataset `raw`, the sources YAML's
columns in BigQuery types) and answers 404 to the rest. The check compiles both ways: raw tables absent (read as
empty, only llm_requests being required) and present.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import sqlglot

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from aifinops import contract_types  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PROFILE = """ai_finops:
  target: bigquery
  outputs:
    bigquery:
      type: bigquery
      method: oauth-secrets
      token: offline-dummy-token
      project: acme-finops
      dataset: ai_finops
      location: US
      threads: 2
      api_endpoint: http://127.0.0.1:{port}
"""


# Field types of the REST API's table schema for the contract's (rendered) GoogleSQL names.
BIGQUERY_FIELD_TYPES = {"integer": "INT64"}
RAW_TABLE_PATH = re.compile(r"/projects/([^/]+)/datasets/raw/tables/(\w+)")


def field_type(data_type: str) -> str:
    rendered = contract_types.render(data_type, "bigquery")
    return BIGQUERY_FIELD_TYPES.get(rendered, rendered.upper())


def raw_table_resources() -> dict[str, dict]:
    """BigQuery table resources of the raw contract's tables, as tables.get returns them."""
    import yaml

    resources = {}
    for path in sorted((PROJECT_ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                fields = [
                    {"name": column["name"], "type": field_type(column["data_type"]), "mode": "NULLABLE"}
                    for column in table["columns"]
                ]
                resources[table["name"]] = {"type": "TABLE", "schema": {"fields": fields}}
    return resources


def stub_handler(raw_tables: dict[str, dict]) -> type[BaseHTTPRequestHandler]:
    class Stub(BaseHTTPRequestHandler):
        def _send(self, status: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _answer(self) -> None:
            match = RAW_TABLE_PATH.search(self.path.split("?")[0])
            if self.command == "GET" and match and match.group(2) in raw_tables:
                project, table = match.groups()
                reference = {"projectId": project, "datasetId": "raw", "tableId": table}
                resource = {"kind": "bigquery#table", "id": f"{project}:raw.{table}", "tableReference": reference}
                self._send(200, resource | raw_tables[table])
                return
            self._send(404, {"error": {"code": 404, "message": "Not found (offline stub)", "status": "NOT_FOUND"}})

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

        def log_message(self, *args) -> None:  # quiet
            pass

    return Stub


def parse_all(compiled: Path) -> tuple[int, list[tuple[str, str]]]:
    files = sorted(compiled.rglob("*.sql"))
    failures = []
    for path in files:
        try:
            sqlglot.parse(path.read_text(), read="bigquery")
        except sqlglot.errors.ParseError as error:
            failures.append((str(path.relative_to(compiled)), str(error).splitlines()[0]))
    return len(files), failures


def compile_for_bigquery(work: Path, raw_present: bool = False) -> tuple[subprocess.CompletedProcess, Path]:
    """Compile the project for BigQuery into `work` against the stub (raw tables absent, or present with the
    contract's columns); the folder of compiled models."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), stub_handler(raw_table_resources() if raw_present else {}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        (work / "profiles.yml").write_text(PROFILE.format(port=server.server_address[1]))
        dbt = str(Path(sys.executable).parent / "dbt")
        command = [dbt, "compile", "--profiles-dir", str(work), "--target-path", f"{work}/target"]
        command += ["--log-path", f"{work}/logs", "--no-populate-cache", "--no-partial-parse"]
        env = dict(os.environ, DBT_PROFILES_DIR=str(work))
        result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900)
    finally:
        server.shutdown()
    return result, work / "target" / "compiled" / "ai_finops" / "models"


def main() -> int:
    status = 0
    for raw_present in (False, True):
        label = "raw tables present" if raw_present else "raw tables absent"
        with tempfile.TemporaryDirectory() as work:
            result, compiled = compile_for_bigquery(Path(work), raw_present)
            if result.returncode != 0:
                print(result.stdout[-4000:], result.stderr[-2000:], sep="\n")
                print(f"FAIL: dbt compile for BigQuery failed ({label})")
                return 1
            models = len(list((compiled).rglob("*.sql")))
            parsed, failures = parse_all(compiled)
            analyses, analysis_failures = parse_all(compiled.parent / "analyses")
        for name, message in failures + analysis_failures:
            print(f"  cannot parse {name}: {message}")
        parsing = parsed - len(failures)
        print(f"BigQuery compile, {label}: {models} compiled files, {parsing} parse with sqlglot (bigquery)")
        print(f"  analyses: {analyses} compiled, {analyses - len(analysis_failures)} parse")
        status = status or (1 if failures or analysis_failures or parsed == 0 or analyses == 0 else 0)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
