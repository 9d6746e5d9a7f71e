#!/usr/bin/env bash
# Install the BigQuery emulator (local-bigquery 0.3.2, Python 3.13) into a venv of its own and apply our patch.
# Usage: bash scripts/bigquery_emulator/install.sh VENV   (does nothing when VENV already holds this install)
#
# local-bigquery serves the BigQuery REST API and runs GoogleSQL on DuckDB 1.5.5. DuckDB loads its icu, ducklake
# and spatial extensions from the PyPI wheels (duckdb-extension-*), installed here from the wheels' files into
# DuckDB's extension folder (~/.duckdb/extensions/v1.5.5), as there is no download at run time.
# local-bigquery-0.3.2.patch mends two emulator bugs dbt meets (against the pinned upstream 0.3.2):
#  - a CREATE TABLE AS SELECT job names no destination table (BigQuery names the created table; dbt-bigquery
#    reads its row count from it);
#  - `SET (variable) = (SELECT AS STRUCT ...)`, the statement of dbt's insert_overwrite, fails as an undeclared
#    variable (BigQuery assigns the row's fields to the variables).
set -euo pipefail
venv=${1:?usage: install.sh VENV}
here=$(cd "$(dirname "$0")" && pwd)
stamp="$venv/.installed"
if [[ -f "$stamp" && "$stamp" -nt "$here/requirements.txt" && "$stamp" -nt "$here/local-bigquery-0.3.2.patch" ]]; then
  exit 0
fi
python=""
for candidate in python3.13 "$(pyenv root 2>/dev/null)/versions/3.13.0/bin/python"; do
  if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 13)' >/dev/null 2>&1; then
    python=$candidate
    break
  fi
done
if [[ -z "$python" ]]; then
  echo "install.sh: the emulator needs Python 3.13 (python3.13 on PATH, or pyenv's 3.13.0)" >&2
  exit 1
fi
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$here/requirements.txt"
site=$("$venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
patch --quiet --forward -p1 -d "$site" < "$here/local-bigquery-0.3.2.patch"
"$venv/bin/python" - "$site" <<'PY'
import glob, sys
import duckdb
connection = duckdb.connect()
for path in sorted(glob.glob(f"{sys.argv[1]}/duckdb_extension_*/extensions/v*/*.duckdb_extension")):
    connection.execute(f"install '{path}'")
connection.close()
duckdb.connect(config={"TimeZone": "UTC"}).execute("load ducklake; load spatial")
PY
touch "$stamp"
echo "BigQuery emulator installed in $venv"
