"""Offline BigQuery check: compile every model for BigQuery without reaching BigQuery, then parse the compiled SQL
with sqlglot's BigQuery dialect. `python scripts/bigquery_compile_check.py` (exit 1 on any failure).

dbt-bigquery talks to a local stub that answers 404 to every request (so relations look absent) through a profile
with `method: oauth-secrets`, a dummy token and `api_endpoint` on the stub; `--no-populate-cache` skips listing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import sqlglot

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


class NotFound(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        body = b'{"error": {"code": 404, "message": "Not found (offline stub)", "status": "NOT_FOUND"}}'
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, *args) -> None:  # quiet
        pass


def parse_all(compiled: Path) -> tuple[int, list[tuple[str, str]]]:
    files = sorted(compiled.rglob("*.sql"))
    failures = []
    for path in files:
        try:
            sqlglot.parse(path.read_text(), read="bigquery")
        except sqlglot.errors.ParseError as error:
            failures.append((str(path.relative_to(compiled)), str(error).splitlines()[0]))
    return len(files), failures


def compile_for_bigquery(work: Path) -> tuple[subprocess.CompletedProcess, Path]:
    """Compile the project for BigQuery into `work` against the 404 stub; the folder of compiled models."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
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
    with tempfile.TemporaryDirectory() as work:
        result, compiled = compile_for_bigquery(Path(work))
        if result.returncode != 0:
            print(result.stdout[-4000:], result.stderr[-2000:], sep="\n")
            print("FAIL: dbt compile for BigQuery failed")
            return 1
        models = len(list((compiled).rglob("*.sql")))
        parsed, failures = parse_all(compiled)
    for name, message in failures:
        print(f"  cannot parse {name}: {message}")
    print(f"BigQuery compile: {models} compiled files, {parsed - len(failures)} parse with sqlglot (bigquery)")
    return 1 if failures or parsed == 0 else 0


if __name__ == "__main__":
    raise SystemExit(main())
