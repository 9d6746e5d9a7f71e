"""Build the project end to end on a local BigQuery emulator and compare every mart with the DuckDB build.

`python scripts/bigquery_emulator/check.py --emulator VENV` (what `make test-bigquery` runs; exit 1 on any failure):
1. writes a small demo (--requests calls) and cuts it at its last day;
2. starts local-bigquery (installed in VENV by install.sh) on 127.0.0.1 with its data in a temporary folder;
3. loads the raw contract into a `raw` dataset as docs/bigquery.md describes (Parquet load jobs; the telemetry
   partitioned by day on started_at), all but the last day;
4. `dbt build` (seeds, models, data tests, unit tests) on the bigquery target, then appends the last day and
   runs `dbt build` again (incremental);
5. `dbt build` of the same demo on DuckDB;
6. compares every mart table: its row count and the sum of each numeric column equal (within 1e-9 relative);
7. runs the Great Expectations checkpoints (raw and marts) and the dashboards' reader against the emulator;
and stops the emulator.

`--project P --keyfile KEY.json` runs the same check against a real BigQuery project instead (no emulator; datasets
ai_finops_check_raw and ai_finops_check, replaced; the service account needs BigQuery Data Editor and Job User).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))

from aifinops import bigquery_client  # noqa: E402

PROJECT = "local-project"
DATASET = "ai_finops"
RAW_DATASET = "raw"
TELEMETRY = ("llm_requests", "workflow_runs")
RAW_TABLES = (*TELEMETRY, "billing_focus", "governance_events", "ai_subscriptions")
NUMERIC = ("BIGINT", "INTEGER", "DOUBLE", "FLOAT", "DECIMAL", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT")
TOLERANCE = 1e-9
# The emulator serves the Storage Read API too, but google-cloud-bigquery-storage is not in the project's venv.
STORAGE_WARNING = "BigQuery Storage module not found"
warnings.filterwarnings("ignore", message=STORAGE_WARNING)
PROFILE = """ai_finops:
  target: bigquery
  outputs:
    bigquery:
      type: bigquery
      project: {project}
      dataset: {dataset}
      location: US
      threads: 4
      job_retries: 0
{connection}
"""
EMULATOR_CONNECTION = """      method: oauth-secrets
      token: emulator
      api_endpoint: {endpoint}"""
REAL_CONNECTION = """      method: service-account
      keyfile: {keyfile}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_emulator(venv: Path, data: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port, grpc_port = free_port(), free_port()
    command = [str(venv / "bin" / "local-bigquery"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--grpc-port", str(grpc_port), "--data-dir", str(data), "--project", PROJECT]
    process = subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(120):
        if process.poll() is not None:
            raise RuntimeError(f"the emulator stopped at start: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(f"{endpoint}/bigquery/v2/projects/{PROJECT}/datasets", timeout=2)
            return process, endpoint
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("the emulator did not answer within 60 s")


def cut_demo(raw: Path, first: Path, new_day: Path) -> str:
    """Split the demo's telemetry at its last day: `first` holds every other row and the other raw tables,
    `new_day` the last day's telemetry. Returns the last day."""
    connection = duckdb.connect()
    last_day = connection.execute(
        f"select max(cast(started_at as date)) from read_parquet('{raw}/llm_requests/*.parquet')"
    ).fetchone()[0]
    for table in RAW_TABLES:
        rows = f"select * from read_parquet('{raw}/{table}/*.parquet', union_by_name = true)"
        (first / table).mkdir(parents=True)
        if table in TELEMETRY:
            is_new = f"cast(started_at as date) = date '{last_day}'"
            (new_day / table).mkdir(parents=True)
            connection.execute(f"copy ({rows} where {is_new}) to '{new_day / table / 'new.parquet'}' (format parquet)")
            rows += f" where not coalesce({is_new}, false)"
        connection.execute(f"copy ({rows}) to '{first / table / 'first.parquet'}' (format parquet)")
    connection.close()
    return str(last_day)


def load_raw(client, raw: Path) -> dict[str, int]:
    """Append the raw tables' Parquet files to the raw dataset with load jobs (telemetry partitioned by day)."""
    from google.cloud import bigquery

    client.create_dataset(RAW_DATASET, exists_ok=True)  # the first load starts on a new dataset (see run)
    loaded = {}
    for table in RAW_TABLES:
        config = bigquery.LoadJobConfig(source_format=bigquery.SourceFormat.PARQUET, write_disposition="WRITE_APPEND")
        if table in TELEMETRY:
            config.time_partitioning = bigquery.TimePartitioning(type_="DAY", field="started_at")
        for path in sorted((raw / table).glob("*.parquet")):
            with path.open("rb") as handle:
                client.load_table_from_file(handle, f"{PROJECT}.{RAW_DATASET}.{table}", job_config=config).result()
        loaded[table] = client.get_table(f"{PROJECT}.{RAW_DATASET}.{table}").num_rows
    return loaded


def dbt(args: list[str], env: dict[str, str], work: Path, label: str) -> bool:
    command = [str(Path(sys.executable).parent / "dbt"), *args, "--target-path", str(work / "target")]
    command += ["--log-path", str(work / "logs")]
    started = time.monotonic()
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=3600)
    summary = next((line for line in reversed(result.stdout.splitlines()) if "Done. PASS=" in line), "")
    print(f"{label}: {summary.split('Done. ')[-1] or 'no summary'} ({time.monotonic() - started:.0f} s)")
    ok = result.returncode == 0 and "ERROR=0" in summary
    if not ok:
        failures = [line for line in result.stdout.splitlines() if "Failure in" in line or "Error" in line]
        print("\n".join(failures[:40]) or result.stdout[-4000:], result.stderr[-2000:], sep="\n")
    return ok


def mart_tables(manifest_path: Path) -> list[str]:
    manifest = json.loads(manifest_path.read_text())
    return sorted(
        node["alias"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
        and node["config"]["materialized"] in ("table", "incremental")
    )


def differs(left: float | None, right: float | None, magnitude: float = 0.0) -> bool:
    """Whether two sums differ by more than TOLERANCE relative (null equals only null). Relative to the larger
    sum, or to `magnitude` (the sum of the column's absolute values) when larger: a column whose values cancel
    (spreads of plus and minus) sums to rounding noise around zero, which no relative test can compare."""
    if left is None or right is None:
        return (left is None) != (right is None)
    return abs(left - right) > TOLERANCE * max(abs(left), abs(right), magnitude, 1e-9)


def compare(duck: Path, client, tables: list[str]) -> list[str]:
    """Row count and the sum of every numeric column of each mart table, DuckDB against BigQuery."""
    connection = duckdb.connect(str(duck), read_only=True)
    problems = []
    for table in tables:
        numeric = [
            name
            for name, data_type in connection.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'main' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            if data_type.split("(")[0] in NUMERIC
        ]
        duck_sums = [f'sum(cast("{name}" as double)), sum(abs(cast("{name}" as double)))' for name in numeric]
        duck_row = connection.execute(f'select {", ".join(["count(*)", *duck_sums])} from main."{table}"').fetchone()
        bq_sums = [f"sum(cast(`{name}` as float64)), sum(abs(cast(`{name}` as float64)))" for name in numeric]
        bq_sql = f"select {', '.join(['count(*)', *bq_sums])} from `{PROJECT}.{DATASET}.{table}`"
        bq_row = list(next(iter(client.query_and_wait(bq_sql))).values())
        pairs = [("rows", duck_row[0], bq_row[0], 0.0)]
        for index, name in enumerate(numeric):
            magnitude = duck_row[2 + 2 * index] or 0.0
            pairs.append((name, duck_row[1 + 2 * index], bq_row[1 + 2 * index], magnitude))
        for name, left, right, magnitude in pairs:
            if differs(left, right, magnitude):
                problems.append(f"{table}.{name}: DuckDB {left!r}, BigQuery {right!r}")
    connection.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emulator", type=Path, help="venv holding local-bigquery (install.sh)")
    parser.add_argument("--requests", type=int, default=20_000, help="calls in the demo (default 20,000)")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed)")
    parser.add_argument("--project", help="a real BigQuery project to check instead of the emulator")
    parser.add_argument("--keyfile", type=Path, help="service-account key of --project")
    args = parser.parse_args(argv)
    if not (args.emulator or args.project):
        parser.error("give --emulator VENV, or --project P (with --keyfile) for a real project")
    if args.project:
        global PROJECT, DATASET, RAW_DATASET
        PROJECT, DATASET, RAW_DATASET = args.project, "ai_finops_check", "ai_finops_check_raw"
    with tempfile.TemporaryDirectory() as temporary:
        work = (args.work or Path(temporary)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        keyfile = args.keyfile.resolve() if args.keyfile else None
        return run(None if args.project else args.emulator.resolve(), args.requests, work, keyfile)


def run(venv: Path | None, requests: int, work: Path, keyfile: Path | None = None) -> int:
    from aifinops.demo.cli import main as generate

    started = time.monotonic()
    raw = work / "raw"
    assert generate(["--requests", str(requests), "--seed", "7", "--out", str(raw), "--seeds", "seeds"]) == 0
    last_day = cut_demo(raw, work / "raw_first", work / "raw_new_day")
    process, endpoint = None, ""
    if venv is not None:
        (work / "bq").mkdir(exist_ok=True)
        process, endpoint = start_emulator(venv, work / "bq", work / "emulator.log")
        connection = EMULATOR_CONNECTION.format(endpoint=endpoint)
        print(f"emulator on {endpoint}; new day {last_day}")
    else:
        connection = REAL_CONNECTION.format(keyfile=keyfile)
        print(f"BigQuery project {PROJECT}; new day {last_day}")
    try:
        (work / "profile").mkdir(exist_ok=True)
        (work / "profile" / "profiles.yml").write_text(
            PROFILE.format(project=PROJECT, dataset=DATASET, connection=connection)
        )
        env = dict(os.environ, DBT_PROFILES_DIR=str(work / "profile"), AI_FINOPS_RAW_SCHEMA=RAW_DATASET)
        env.update(
            PYTHONWARNINGS=f"ignore:{STORAGE_WARNING}",
            AI_FINOPS_TARGET="bigquery",
            AI_FINOPS_DASHBOARD_TARGET="bigquery",
            AI_FINOPS_BQ_PROJECT=PROJECT,
            AI_FINOPS_BQ_DATASET=DATASET,
        )
        if endpoint:
            env.update(AI_FINOPS_BQ_API_ENDPOINT=endpoint)
            os.environ.update(AI_FINOPS_BQ_API_ENDPOINT=endpoint)
        elif keyfile:
            env.update(GOOGLE_APPLICATION_CREDENTIALS=str(keyfile))
            os.environ.update(GOOGLE_APPLICATION_CREDENTIALS=str(keyfile))
        client = bigquery_client.client(PROJECT)
        for dataset in (RAW_DATASET, DATASET):
            client.delete_dataset(dataset, delete_contents=True, not_found_ok=True)
        print(f"loaded raw (all but {last_day}): {load_raw(client, work / 'raw_first')}")
        ok = dbt(["build"], env, work / "bq_first", "BigQuery full build")
        print(f"loaded raw (with {last_day}): {load_raw(client, work / 'raw_new_day')}")
        ok = dbt(["build"], env, work / "bq_incremental", "BigQuery incremental build") and ok
        duck_env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_ROOT), AI_FINOPS_TARGET="duckdb")
        duck_env.update(AI_FINOPS_RAW_PATH=str(raw), AI_FINOPS_DUCKDB_PATH=str(work / "duck.duckdb"))
        ok = dbt(["build"], duck_env, work / "duck", "DuckDB build of the same demo") and ok
        if not ok:
            return 1
        tables = mart_tables(work / "duck" / "target" / "manifest.json")
        problems = compare(work / "duck.duckdb", client, tables)
        for problem in problems:
            print(f"  differs: {problem}")
        print(f"marts compared: {len(tables)} tables, {len(problems)} differences")
        ok = not problems
        for checkpoint in ("raw", "marts"):
            result = subprocess.run(
                [sys.executable, "-m", "aifinops.quality", checkpoint],
                cwd=PROJECT_ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=1800,
            )
            print(f"Great Expectations {checkpoint} checkpoint on the emulator: exit {result.returncode}")
            if result.returncode != 0:
                print(result.stdout[-3000:], result.stderr[-2000:], sep="\n")
                ok = False
        ok = check_dashboard_reader(work / "duck.duckdb") and ok
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    print(f"BigQuery emulator check {'passed' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


def check_dashboard_reader(duck: Path) -> bool:
    """The dashboards' reader on BigQuery: every mart it may read has the DuckDB build's row count."""
    from dashboards import warehouse

    settings = warehouse.Settings(target="bigquery", duckdb_path=duck, bq_project=PROJECT, bq_dataset=DATASET)
    connection = duckdb.connect(str(duck), read_only=True)
    ok = True
    for name in sorted(warehouse.MARTS):
        frame = warehouse.query(f"select count(*) as n from {{{name}}} where 1 = ?", (1,), settings=settings)
        expected = connection.execute(f'select count(*) from main."{name}"').fetchone()[0]
        if int(frame["n"][0]) != expected:
            print(f"  dashboard reader: {name} has {int(frame['n'][0])} rows on BigQuery, {expected} on DuckDB")
            ok = False
    connection.close()
    print(f"dashboards' reader on the emulator: {len(warehouse.MARTS)} marts read, {'ok' if ok else 'FAILED'}")
    return ok


if __name__ == "__main__":
    raise SystemExit(main())
