"""Real billing files in: FOCUS exports of AWS, Azure and Google Cloud, the FOCUS 1.4 AI example shape, and the
OpenAI and Anthropic cost reports converted by aifinops.cost_reports.

Fixtures (python_tests/fixtures/billing), written from the public documents each names:
- aws_focus_1_2_bedrock.csv: AWS Data Exports "FOCUS 1.2 with AWS columns" (docs.aws.amazon.com/cur, table
  dictionary), Bedrock usage types as SkuMeter (docs.aws.amazon.com/bedrock/latest/userguide/
  cost-mgmt-understanding-cur-data.html), literal NULLs and quoted numbers, EC2 and S3 lines;
- azure_focus_1_2_openai.csv: Azure Cost Management FOCUS 1.2 export (a UTF-8 byte order mark, CRLF line ends) with
  x_SkuMeterName meters (one Azure OpenAI line without a ServiceCategory, AI by its service), a VM line;
- gcp_focus_1_0_vertex.csv: Google Cloud FOCUS export (BigQuery CSV instants "... UTC"), Vertex AI SKU descriptions,
  loaded gzipped;
- focus_1_4_ai_model_identity.csv: the FOCUS 1.4 AI examples' shape (FOCUS_Spec specification/data/ai_model_identity,
  ai_prompt_caching): ServiceProviderName / HostProviderName, no ProviderName, SkuPriceDetails model identity;
- openai_costs.json, anthropic_cost_report.json: pages of the two cost APIs (FORMATS.md sections 1 and 2);
- an AWS FOCUS 1.0 Parquet file (x_UsageType, Tags as a MAP as AWS writes it), written by the test.
Expected figures are summed here from the files by hand-readable Python, not by the warehouse.
"""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aifinops import cost_reports
from python_tests.conftest import dbt
from python_tests.test_focus_validator import needs_python312, validate

FIXTURES = Path(__file__).parent / "fixtures" / "billing"
CSV_FILES = [
    "aws_focus_1_2_bedrock.csv",
    "azure_focus_1_2_openai.csv",
    "gcp_focus_1_0_vertex.csv",
    "focus_1_4_ai_model_identity.csv",
]
AWS_1_0_ROWS = [  # FOCUS 1.0 with AWS columns: the token kind in x_UsageType, Tags a MAP
    ("USE1-NovaPro-input-tokens", 0.8, "input"),
    ("USE1-NovaPro-output-tokens", 3.2, "output"),
]


# --- the converter -------------------------------------------------------------------------------------------


def test_anthropic_amounts_are_cents_and_become_dollars() -> None:
    lines = cost_reports.convert("anthropic-costs", FIXTURES / "anthropic_cost_report.json")
    # "123.45" cents is 1.2345 dollars; the six amounts sum to 899.43 cents.
    assert [line["BilledCost"] for line in lines] == [1.2345, 6.125, 0.0987, 0.456, 0.0801, 1.0]
    assert sum(Decimal(str(line["BilledCost"])) for line in lines) == Decimal("8.9943")
    first = lines[0]
    assert first["x_Model"] == "claude-sonnet-4-6"
    assert first["SkuMeter"] == "uncached_input_tokens"
    assert first["ChargePeriodStart"] == datetime(2025, 12, 6, tzinfo=UTC)
    assert first["BillingPeriodStart"] == datetime(2025, 12, 1, tzinfo=UTC)
    assert first["BillingPeriodEnd"] == datetime(2026, 1, 1, tzinfo=UTC)
    assert json.loads(first["Tags"]) == {
        "anthropic_context_window": "0-200k",
        "anthropic_cost_type": "tokens",
        "anthropic_service_tier": "standard",
        "anthropic_workspace_id": "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ",
    }
    assert json.loads(lines[2]["Tags"]) == {  # the default workspace is a null workspace_id: no tag for it
        "anthropic_context_window": "0-200k",
        "anthropic_cost_type": "tokens",
        "anthropic_service_tier": "standard",
    }


def test_openai_costs_keep_the_line_item_and_the_project_and_key_as_tags() -> None:
    lines = cost_reports.convert("openai-costs", FIXTURES / "openai_costs.json", account="org-acme")
    assert len(lines) == 6
    assert sum(Decimal(str(line["BilledCost"])) for line in lines) == Decimal("23.065")
    assert lines[1]["ChargeDescription"] == "gpt-5-2025-08-07, cached input"
    assert lines[1]["BillingAccountId"] == "org-acme"
    assert lines[1]["BillingCurrency"] == "USD"
    assert json.loads(lines[1]["Tags"]) == {"openai_api_key_id": "key_abc123", "openai_project_id": "proj_support"}
    assert json.loads(lines[4]["Tags"]) == {"openai_project_id": "proj_search"}
    assert lines[4]["ChargePeriodStart"] == datetime(2025, 12, 7, tzinfo=UTC)


def test_a_truncated_report_names_the_file_and_line_and_writes_nothing(tmp_path: Path, capsys) -> None:
    path = FIXTURES / "openai_costs_truncated.json"
    with pytest.raises(cost_reports.ReportError, match=r"openai_costs_truncated\.json: line 2: not JSON"):
        cost_reports.convert("openai-costs", path)
    assert cost_reports.main(["--format", "openai-costs", "--path", str(path), "--raw", str(tmp_path)]) == 2
    assert "openai_costs_truncated.json: line 2" in capsys.readouterr().err
    assert not (tmp_path / "billing_focus").exists()


def test_a_record_without_an_amount_is_named(tmp_path: Path, capsys) -> None:
    path = FIXTURES / "anthropic_cost_report_no_amount.json"
    assert cost_reports.main(["--format", "anthropic-costs", "--path", str(path), "--raw", str(tmp_path)]) == 2
    assert "page 1, bucket 1, result 2: no amount" in capsys.readouterr().err
    assert not (tmp_path / "billing_focus").exists()


def test_converting_the_same_report_twice_replaces_its_file(tmp_path: Path, capsys) -> None:
    args = ["--format", "openai-costs", "--path", str(FIXTURES / "openai_costs.json"), "--raw", str(tmp_path)]
    assert cost_reports.main(args) == 0
    assert cost_reports.main(args) == 0
    files = list((tmp_path / "billing_focus").iterdir())
    assert len(files) == 1 and files[0].suffix == ".parquet"
    assert pq.read_table(files[0]).num_rows == 6
    assert "6 billing lines, 23.065000 billed" in capsys.readouterr().out


# --- the build on real shapes --------------------------------------------------------------------------------


def _ai_billed_by_hand() -> dict[str, Decimal]:
    """AI billed cost per month of every fixture, summed from the files (the reports from their documented units)."""
    totals: dict[str, Decimal] = {}
    for name in CSV_FILES:
        with (FIXTURES / name).open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                # AI: the category, or a service known as AI (the Azure line without a category).
                if row["ServiceCategory"] == "AI and Machine Learning" or row["ServiceName"] == "Azure OpenAI":
                    month = row["ChargePeriodStart"][:7]
                    totals[month] = totals.get(month, Decimal(0)) + Decimal(row["BilledCost"])
    totals["2025-12"] += Decimal("23.065")  # openai_costs.json: the six amount.value
    totals["2025-12"] += Decimal("899.43") / 100  # anthropic_cost_report.json: cents
    totals["2025-12"] += sum(Decimal(str(cost)) for _, cost, _ in AWS_1_0_ROWS)
    return totals


def _write_aws_focus_1_0(folder: Path) -> None:
    day = datetime(2025, 12, 9, tzinfo=UTC)
    rows = [
        {
            "BillingAccountId": "111122223333",
            "BillingPeriodStart": datetime(2025, 12, 1, tzinfo=UTC),
            "BillingPeriodEnd": datetime(2026, 1, 1, tzinfo=UTC),
            "ChargePeriodStart": day,
            "ChargePeriodEnd": day.replace(day=10),
            "ProviderName": "AWS",
            "PublisherName": "Amazon Web Services",
            "InvoiceIssuerName": "Amazon Web Services, Inc.",
            "ServiceName": "Amazon Bedrock",
            "ServiceCategory": "AI and Machine Learning",
            "ChargeCategory": "Usage",
            "ChargeDescription": f"Amazon Nova Pro {kind} tokens",
            "ListCost": cost,
            "EffectiveCost": cost,
            "BilledCost": cost,
            "BillingCurrency": "USD",
            "Tags": [("user:team", "search")],
            "x_UsageType": usage_type,
            "x_Operation": "InvokeModel",
        }
        for usage_type, cost, kind in AWS_1_0_ROWS
    ]
    schema = pa.schema(
        [
            (name, pa.timestamp("us", tz="UTC"))
            if name.endswith(("Start", "End"))
            else (name, pa.float64())
            if name.endswith("Cost")
            else (name, pa.map_(pa.string(), pa.string()))
            if name == "Tags"
            else (name, pa.string())
            for name in rows[0]
        ]
    )
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / "aws_focus_1_0.parquet")


BEDROCK_CALLS = 40  # calls of Claude Sonnet 4.5 through a Bedrock inference profile, team search_relevance


def _write_bedrock_calls(folder: Path) -> None:
    """Telemetry of the model the AWS export bills as its Marketplace product "Claude Sonnet 4.5"."""
    template = pq.read_table(sorted(folder.glob("*.parquet"))[0]).slice(0, 1).to_pylist()[0]
    rows = [
        {
            **template,
            "request_id": f"bedrock_{index:03d}",
            "workflow_run_id": None,
            "started_at": datetime(2025, 12, 3, 10, index, tzinfo=UTC),
            "provider": "aws.bedrock",
            "request_model": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "response_model": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "input_tokens": 100_000,
            "cache_read_input_tokens": 0,
            "cache_creation_input_tokens": 0,
            "cache_creation_1h_input_tokens": 0,
            "output_tokens": 20_000,
            "reasoning_output_tokens": 0,
            "usage_source": None,
            "status": "ok",
            "error_type": None,
            "team": "search_relevance",
            "workflow": None,
            "route": None,
            "gateway_cost_usd": None,
        }
        for index in range(BEDROCK_CALLS)
    ]
    schema = pq.read_schema(sorted(folder.glob("*.parquet"))[0])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / "bedrock_calls.parquet")


@pytest.fixture(scope="module")
def exports_built(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clean demo's telemetry with these billing files in place of the demo's invoice."""
    work = tmp_path_factory.mktemp("exports")
    raw = work / "raw"
    shutil.copytree(demo, raw, ignore=shutil.ignore_patterns("billing_focus"))
    billing = raw / "billing_focus"
    billing.mkdir()
    for name in CSV_FILES:
        if name.startswith("gcp"):  # gzipped, as a console download or a bucket export may be
            (billing / f"{name}.gz").write_bytes(gzip.compress((FIXTURES / name).read_bytes()))
        else:
            shutil.copy(FIXTURES / name, billing / name)
    for fmt, name in (("openai-costs", "openai_costs.json"), ("anthropic-costs", "anthropic_cost_report.json")):
        assert cost_reports.main(["--format", fmt, "--path", str(FIXTURES / name), "--raw", str(raw)]) == 0
    _write_aws_focus_1_0(billing)
    _write_bedrock_calls(raw / "llm_requests")
    database = work / "warehouse.duckdb"
    result = dbt(["build", "--exclude-resource-type", "unit_test"], raw, database, work)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "ERROR=0" in result.stdout
    return database


def _rows(database: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(query).fetchall()


def test_no_valid_line_is_quarantined(exports_built) -> None:
    assert _rows(exports_built, "select count(*) from quarantine_billing_focus") == [(0,)]
    kept = _rows(exports_built, "select count(*) from stg_focus__billing_focus")[0][0]
    by_hand = sum(
        1 for name in CSV_FILES for _ in csv.DictReader((FIXTURES / name).open(newline="", encoding="utf-8-sig"))
    )
    assert kept == by_hand + 6 + 6 + len(AWS_1_0_ROWS)


def test_chargeback_equals_the_ai_invoice_to_the_cent(exports_built) -> None:
    charged = dict(
        _rows(
            exports_built,
            "select strftime(month_start_date, '%Y-%m'), sum(chargeback_cost) from chargeback group by 1",
        )
    )
    expected = _ai_billed_by_hand()
    assert set(charged) == set(expected)
    for month, total in expected.items():
        assert round(Decimal(str(charged[month])), 2) == round(total, 2), month
    reconciled = dict(
        _rows(
            exports_built,
            "select strftime(month_start_date, '%Y-%m'), sum(billed_total_usd) from provider_reconciliation group by 1",
        )
    )
    for month, total in expected.items():
        assert round(Decimal(str(reconciled[month])), 2) == round(total, 2), month


def test_the_re_issue_holds_every_ai_usage_line_with_a_quantity(exports_built) -> None:
    reissued = _rows(exports_built, 'select round(sum("BilledCost"), 6) from focus_allocated_ai_cost')[0][0]
    usage = _rows(
        exports_built,
        "select round(sum(billed_cost), 6) from stg_focus__billing_focus"
        " where is_ai_usage and consumed_quantity is not null",
    )[0][0]
    # All AI lines but the AWS credit (-2), the two cost reports and the FOCUS 1.0 Nova lines (amounts, no quantities).
    assert reissued == usage == pytest.approx(103.9113 + 2 - 23.065 - 8.9943 - 4)
    units = dict(
        _rows(exports_built, 'select distinct "ChargeDescription", "ConsumedUnit" from focus_allocated_ai_cost')
    )
    assert units["Amazon Bedrock provisioned throughput, per model unit hour"] == "Hours"  # re-issued whole
    tokens = _rows(
        exports_built,
        'select sum("ConsumedQuantity") from focus_allocated_ai_cost where x_billing_line_id in'
        " (select billing_line_id from stg_focus__billing_focus"
        " where sku_meter = 'USE1-MP:USE1_InputTokenCount-Units')",
    )
    assert tokens == [(pytest.approx(1234 * 1000),)]  # 1234 "1K tokens" are 1,234,000 tokens


@needs_python312
def test_the_re_issue_of_real_billing_passes_focus_validator(exports_built, tmp_path: Path) -> None:
    csv_path = tmp_path / "focus_allocated_ai_cost.csv"
    with duckdb.connect(str(exports_built), read_only=True) as connection:
        connection.execute(
            f"copy (select * from focus_allocated_ai_cost) to '{csv_path}'"
            " (header, timestampformat '%Y-%m-%dT%H:%M:%SZ')"
        )
    validate(
        csv_path,
        {
            # The re-issue keeps the invoice's own InvoiceId and names; the validator checks these with no condition:
            # InvoiceId: FOCUS 1.0 exports and the spec's FOCUS 1.4 AI example carry none, and none can be invented.
            "InvoiceId-C-005-C",
            "InvoiceId-C-003-C",
            "InvoiceId-C-000-O",
            # "BilledCost MUST be 0 where a third party is paid" is checked as ProviderName != InvoiceIssuerName,
            # which every AWS export fails ("AWS" / "Amazon Web Services, Inc.") though AWS is paid.
            "BilledCost-C-005-C",
            "BilledCost-C-000-M",
        },
    )


def test_non_ai_lines_are_non_ai_spend(exports_built) -> None:
    totals = dict(_rows(exports_built, "select provider, billed_cost_usd from non_ai_spend"))
    assert totals == pytest.approx({"aws": 187.2 + 23, "azure": 40.8, "google": 14.4})


@pytest.mark.parametrize(
    ("where", "provider", "model_id", "reported_model", "token_type"),
    [
        # A name the catalogue does not know stays its own model id (its calls would carry the same one).
        (
            "sku_meter = 'USE1-MP:USE1_OutputTokenCount-Units'",
            "aws",
            "claude-sonnet-4.5",
            "claude-sonnet-4.5",
            "output",
        ),
        ("x_usage_type = 'USE1-NovaPro-output-tokens'", "aws", None, None, "output"),
        ("charge_description = 'GPT 5 outpt Glbl 1M Tokens'", "azure", "gpt-5", "gpt-5", "output"),
        ("x_sku_meter_name = '5 mini cd Inp Gl 1M Tokens'", "azure", "gpt-5-mini", "gpt-5-mini", "cached-input"),
        (
            "charge_description = 'Gemini 2.5 Flash Output Tokens'",
            "google",
            "gemini-2.5-flash",
            "gemini-2.5-flash",
            "output",
        ),
        (
            "sku_meter = 'Cache Read Input Tokens'",
            "latticescale",
            "latticescale.solora-reasoning-pro",
            "latticescale.solora-reasoning-pro",
            "cached-input",
        ),
        (
            "charge_description = 'gpt-5-2025-08-07, cached input'",
            "openai",
            "gpt-5",
            "gpt-5-2025-08-07",
            "cached-input",
        ),
        (
            "sku_meter = 'cache_creation.ephemeral_5m_input_tokens'",
            "anthropic",
            "claude-sonnet-4-6",
            "claude-sonnet-4-6",
            "cache-write",
        ),
        ("charge_description = 'Image models'", "openai", None, None, None),
    ],
)
def test_each_line_names_its_provider_model_and_token_kind(
    exports_built, where, provider, model_id, reported_model, token_type
) -> None:
    rows = _rows(
        exports_built,
        f"select distinct provider, model_id, reported_model, token_type from stg_focus__billing_focus where {where}",
    )
    assert rows == [(provider, model_id, reported_model, token_type)]


def test_unattributed_cost_keeps_its_reason(exports_built) -> None:
    rows = dict(
        _rows(
            exports_built,
            "select provider, unattributed_unidentified_model_usd from allocation_accuracy"
            " where month_start_date = '2025-12-01'",
        )
    )
    # Lines no text names a model for: the Image models line item, the Web Search cost, the provisioned throughput
    # hours and the Nova Pro usage (a first-party Bedrock usage type names no catalogue model), with their share of
    # the month's credits (AWS: -2 over 3.702 + 4.5 + 0.6 + 1.25 + 0.8 + 3.2 of usage).
    assert rows["openai"] == pytest.approx(0.4)
    assert rows["anthropic"] == pytest.approx(1.0)
    aws_usage = 3.702 + 4.5 + 0.6 + 1.25 + 0.8 + 3.2
    assert rows["aws"] == pytest.approx((1.25 + 0.8 + 3.2) * (1 - 2 / aws_usage))
    accuracy = dict(
        _rows(
            exports_built,
            "select provider, allocation_accuracy from allocation_accuracy where month_start_date = '2025-12-01'",
        )
    )
    assert accuracy["google"] > 0 and accuracy["openai"] > 0 and accuracy["anthropic"] > 0


def test_a_bedrock_marketplace_line_meets_the_calls_of_its_model(exports_built) -> None:
    # Billed as "Claude Sonnet 4.5 (Amazon Bedrock Edition)" (claude-sonnet-4.5), called as
    # us.anthropic.claude-sonnet-4-5-20250929-v1:0: one family (seed model_family_rewrites).
    families = dict(_rows(exports_built, "select model_id, model_family from model_families where provider = 'aws'"))
    assert families["claude-sonnet-4.5"] == "claude-sonnet-4-5"
    assert set(families.values()) == {"claude-sonnet-4-5"}
    attributed = _rows(
        exports_built,
        "select team_id, sum(allocated_amount) from billing_allocated where provider = 'aws'"
        " and allocation_status = 'attributed' group by 1",
    )
    # 40 calls of 100k input and 20k output tokens at Bedrock's list (at least 3 and 15 USD per million) are 24 USD
    # or more, above the 8.802 billed for the model: all of it, less its share of the -2 credit, goes to the team.
    aws_usage = 3.702 + 4.5 + 0.6 + 1.25 + 0.8 + 3.2
    assert attributed == [("search_relevance", pytest.approx(8.802 * (1 - 2 / aws_usage)))]
    # The FOCUS re-issue splits the line by the same family's tokens: the calls' 4M uncached input tokens cover
    # the 1,234,000 billed, so the line goes whole to the team.
    reissued = _rows(
        exports_built,
        'select x_team_id, sum("ConsumedQuantity"), sum("BilledCost") from focus_allocated_ai_cost'
        " where x_billing_line_id in (select billing_line_id from stg_focus__billing_focus"
        " where sku_meter = 'USE1-MP:USE1_InputTokenCount-Units') group by 1",
    )
    assert reissued == [("search_relevance", pytest.approx(1_234_000), pytest.approx(3.702))]


# --- malformed files -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from python_tests.conftest import make_demo

    return make_demo(tmp_path_factory.mktemp("exports_small") / "raw", requests=3_000, days=31, seed=11)


def _with_billing_files(small_demo: Path, work: Path, *names: str) -> Path:
    raw = work / "raw"
    shutil.copytree(small_demo, raw)
    for name in names:
        shutil.copy(FIXTURES / name, raw / "billing_focus" / name)
    return raw


def test_a_file_missing_a_required_column_stops_the_build_naming_both(small_demo, tmp_path: Path) -> None:
    raw = _with_billing_files(small_demo, tmp_path, "malformed_missing_billed_cost.csv")
    result = dbt(["run", "--select", "stg_focus__billing_focus"], raw, tmp_path / "w.duckdb", tmp_path)
    assert result.returncode != 0
    assert "malformed_missing_billed_cost.csv lacks the required column BilledCost" in result.stdout


def test_a_truncated_parquet_file_stops_the_build_naming_it(small_demo, tmp_path: Path) -> None:
    raw = _with_billing_files(small_demo, tmp_path)
    broken = raw / "billing_focus" / "cut.parquet"
    whole = next(path for path in (raw / "billing_focus").glob("*.parquet") if path != broken).read_bytes()
    broken.write_bytes(whole[: len(whole) // 2])
    result = dbt(["run", "--select", "stg_focus__billing_focus"], raw, tmp_path / "w.duckdb", tmp_path)
    assert result.returncode != 0
    assert "cut.parquet" in result.stdout


def test_wrong_types_and_a_truncated_line_are_quarantined_with_reasons(small_demo, tmp_path: Path) -> None:
    raw = _with_billing_files(
        small_demo,
        tmp_path,
        "malformed_wrong_types.csv",
        "malformed_truncated.csv",
        "focus_1_2_before_the_fx_seed.csv",
    )
    database = tmp_path / "w.duckdb"
    result = dbt(["build", "--exclude-resource-type", "unit_test"], raw, database, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:]
    quarantined = _rows(
        database,
        "select rejection_reason, unreadable_columns, count(*) from quarantine_billing_focus"
        " where billing_account_id = 'acct-9' group by all order by all",
    )
    assert quarantined == [
        ("missing_billed_cost", None, 1),  # the cut last line: its later fields are null
        ("unreadable_value", "BilledCost", 1),  # "twelve"
        ("unreadable_value", "ChargePeriodStart", 1),  # "last month"
        ("unreadable_value", "ConsumedQuantity", 1),  # "1,000"
    ]
    kept = _rows(
        database,
        "select billed_cost, consumed_quantity from stg_focus__billing_focus where billing_account_id = 'acct-9'"
        " order by 1",
    )
    assert kept == [(0.5, None), (0.75, None)]  # a quoted number and a literal NULL are read
    # A 2024 invoice, older than every month of seeds/fx_rates.csv (from 2025-11): kept, at the earliest rate
    # (EUR 1.172 in 2025-11; USD 1).
    converted = _rows(
        database,
        "select billing_currency, billed_cost, billed_cost_usd, cast(fx_rate_month as varchar)"
        " from stg_focus__billing_focus where billing_account_id = 'acct-2024' order by 1",
    )
    assert converted == [
        ("EUR", 10.0, pytest.approx(11.72), "2025-11-01"),
        ("USD", 468.17049576, pytest.approx(468.17049576), "2025-11-01"),
    ]


def test_the_raw_checkpoint_reads_csv_exports_beside_parquet(small_demo, tmp_path: Path) -> None:
    from aifinops.quality import readers, run

    raw = _with_billing_files(small_demo, tmp_path, *CSV_FILES)
    _write_aws_focus_1_0(raw / "billing_focus")  # Tags a MAP beside the CSVs' JSON text
    reader = readers.DuckDBReader(raw=raw)
    assert reader.ignored_files("billing_focus") == []
    frame = reader.raw_frame(reader.raw_relation("billing_focus"))
    parquet_rows = sum(pq.read_table(path).num_rows for path in (raw / "billing_focus").glob("*.parquet"))
    csv_rows = sum(
        1 for name in CSV_FILES for _ in csv.DictReader((FIXTURES / name).open(newline="", encoding="utf-8-sig"))
    )
    assert len(frame) == parquet_rows + csv_rows
    failures = run.check_raw(run.get_context(), reader, datetime.now(UTC), "exports")
    assert [failure for failure in failures if failure.severity == "critical"] == []
