"""Offline BigQuery check: every model compiles for BigQuery and parses with sqlglot's BigQuery dialect."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from python_tests.conftest import PROJECT_ROOT

spec = importlib.util.spec_from_file_location("bq_check", PROJECT_ROOT / "scripts" / "bigquery_compile_check.py")
bq_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bq_check)


def test_every_model_compiles_for_bigquery_and_parses(capsys) -> None:
    assert bq_check.main() == 0
    out = capsys.readouterr().out
    counts = re.findall(r"raw tables (absent|present): (\d+) compiled files, (\d+) parse", out)
    assert [label for label, _, _ in counts] == ["absent", "present"]
    for _, compiled, parsed in counts:
        assert compiled == parsed and int(compiled) > 100
    analyses = re.findall(r"analyses: (\d+) compiled, (\d+) parse", out)
    assert len(analyses) == 2 and all(compiled == parsed and int(compiled) >= 11 for compiled, parsed in analyses)


def test_the_parser_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "good.sql").write_text("select date_trunc(d, month) as m from `p.d.t`")
    (tmp_path / "bad.sql").write_text("select from where (")
    files, failures = bq_check.parse_all(tmp_path)
    assert files == 2 and [name for name, _ in failures] == ["bad.sql"]


emulator_spec = importlib.util.spec_from_file_location(
    "bq_emulator_check", PROJECT_ROOT / "scripts" / "bigquery_emulator" / "check.py"
)
emulator_check = importlib.util.module_from_spec(emulator_spec)
emulator_spec.loader.exec_module(emulator_check)


def test_the_emulator_comparison_tolerates_1e_9_relative_and_no_more() -> None:
    assert not emulator_check.differs(1_000_000.0, 1_000_000.0009)  # 9e-10 relative
    assert emulator_check.differs(1_000_000.0, 1_000_000.002)  # 2e-9 relative
    assert emulator_check.differs(None, 0.0) and emulator_check.differs(3, None)
    assert not emulator_check.differs(None, None) and not emulator_check.differs(0, 0)
    assert emulator_check.differs(19672, 19671)
    # A column that cancels to zero: compared relative to the sum of its absolute values.
    assert emulator_check.differs(8.9e-16, 5.6e-16)
    assert not emulator_check.differs(8.9e-16, 5.6e-16, magnitude=1234.5)
    assert emulator_check.differs(0.0, 2e-6, magnitude=1234.5)
