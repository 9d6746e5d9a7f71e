"""dbt build on the dirty demo: it succeeds, and every raw row is kept or quarantined with the expected reason."""

from __future__ import annotations

import json
import shutil
from datetime import UTC
from pathlib import Path

import duckdb
from genai_prices import Usage, data_snapshot

from python_tests.conftest import SEEDS, dbt


def test_build_passes_on_dirty_data_with_unit_tests(built) -> None:
    _, _, work = built
    results = json.loads((work / "target" / "run_results.json").read_text())["results"]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 3 and all(r["status"] == "pass" for r in unit_tests)
    # Exposures (the dashboards) and the semantic layer's saved queries (no exports) are listed as no-op; every
    # model, seed and test must pass.
    listed = ("exposure.", "saved_query.")
    assert all(r["status"] in ("pass", "success") for r in results if not r["unique_id"].startswith(listed))
    assert all(r["status"] == "no-op" for r in results if r["unique_id"].startswith(listed))
    assert {r["unique_id"].split(".")[0] for r in results if r["unique_id"].startswith(listed)} == {
        "exposure",
        "saved_query",
    }


def test_every_malformed_row_is_quarantined_with_its_reason(built) -> None:
    raw, database, _ = built
    expected = json.loads((raw / "_manifest.json").read_text())["expected_quarantine"]
    with duckdb.connect(str(database), read_only=True) as connection:
        for table, reasons in expected.items():
            got = dict(
                connection.execute(f"select rejection_reason, count(*) from quarantine_{table} group by 1").fetchall()
            )
            assert got == reasons, table


def test_kept_plus_quarantined_equals_raw(built) -> None:
    raw, database, _ = built
    manifest = json.loads((raw / "_manifest.json").read_text())
    staging = {
        "llm_requests": "stg_telemetry__llm_requests",
        "workflow_runs": "stg_telemetry__workflow_runs",
        "billing_focus": "stg_focus__billing_focus",
        "governance_events": "stg_governance__governance_events",
        "ai_subscriptions": "stg_saas__ai_subscriptions",
    }
    with duckdb.connect(str(database), read_only=True) as connection:
        for table, model in staging.items():
            kept = connection.execute(f"select count(*) from {model}").fetchone()[0]
            quarantined = connection.execute(f"select count(*) from quarantine_{table}").fetchone()[0]
            assert kept + quarantined == manifest["raw_rows"][table], table
            assert quarantined == sum(manifest["expected_quarantine"][table].values()), table


def test_accounting_test_fails_when_a_row_goes_missing(built, tmp_path: Path) -> None:
    raw, database, work = built
    tampered = tmp_path / "tampered.duckdb"
    shutil.copy(database, tampered)
    with duckdb.connect(str(tampered)) as connection:
        connection.execute("delete from quarantine_llm_requests where rejection_reason = 'negative_tokens'")
    result = dbt(["test", "--select", "assert_every_raw_row_is_accounted_for"], raw, tampered, tmp_path)
    assert result.returncode != 0
    assert "FAIL 1" in result.stdout


def test_band_overlap_test_fails_when_two_bands_share_a_call(built, tmp_path: Path) -> None:
    """A band that starts a second after another of the same model and route, inside it, overlaps it: the
    overlap test fails on it (the unique key of the bands, their start, differs, so only this test sees it)."""
    raw, database, work = built
    tampered = tmp_path / "tampered.duckdb"
    shutil.copy(database, tampered)
    with duckdb.connect(str(tampered)) as connection:
        connection.execute(
            "insert into int_price_bands by name select * replace (band_starts_at + interval 1 second as "
            "band_starts_at) from int_price_bands where band_ends_at is null limit 1"
        )
    result = dbt(["test", "--select", "assert_price_bands_never_overlap"], raw, tampered, tmp_path)
    assert result.returncode != 0
    assert "FAIL 1" in result.stdout


def test_not_null_constraints_of_the_contracts_are_enforced_by_the_tables(built) -> None:
    """Not-null columns of the table marts are declared as contract constraints, not separate tests: every one is
    a NOT NULL column of the built table (read from the database's catalogue, not from dbt), and a null is
    refused when written."""
    _, database, work = built
    manifest = json.loads((work / "target" / "manifest.json").read_text())
    declared = {
        (node["name"], column["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] in ("table", "incremental")
        for column in node["columns"].values()
        if any(constraint["type"] == "not_null" for constraint in column.get("constraints", []))
    }
    assert len(declared) >= 90
    with duckdb.connect(str(database), read_only=True) as connection:
        enforced = set(
            connection.execute(
                "select table_name, column_name from information_schema.columns "
                "where table_schema = 'main' and is_nullable = 'NO'"
            ).fetchall()
        )
    assert declared <= enforced, sorted(declared - enforced)
    with duckdb.connect(str(database)) as connection:
        connection.execute("begin")
        try:
            connection.execute(
                "insert into fct_daily_spend by name select * replace (null as requests) from fct_daily_spend limit 1"
            )
        except duckdb.ConstraintException as refused:
            assert "requests" in str(refused)
        else:
            raise AssertionError("a null in a not-null column was written")
        finally:
            connection.execute("rollback")


def test_request_costs_agree_with_genai_prices_to_the_cent(built) -> None:
    """Recompute 1,000+ built request costs independently with genai_prices and compare."""

    _, database, _ = built
    providers = {provider.id: provider for provider in data_snapshot.get_snapshot().providers}
    with duckdb.connect(str(database), read_only=True) as connection:
        sample = connection.execute(
            "select price_provider, model_id, started_at, input_tokens, cache_read_input_tokens, "
            "cache_creation_input_tokens, output_tokens, model_cost_usd from fct_llm_requests "
            "where not is_unpriced using sample reservoir(1500 rows) repeatable (3)"
        ).fetchall()
        unpriced_models = {
            row[0]
            for row in connection.execute("select distinct model_id from fct_llm_requests where is_unpriced").fetchall()
        }
    assert len(sample) >= 1_000
    worst = 0.0
    for provider_id, model_id, started_at, input_tokens, cache_read, cache_write, output, cost in sample:
        provider = providers[provider_id]
        model = next(m for m in provider.models if m.id == model_id)
        usage = Usage(
            input_tokens=input_tokens,
            cache_read_tokens=cache_read,
            cache_write_tokens=cache_write,
            output_tokens=output,
        )
        expected = model.calc_price(usage, provider, genai_request_timestamp=started_at.replace(tzinfo=UTC))
        worst = max(worst, abs(float(expected.total_price) - cost))
    assert worst < 0.005, worst
    for model_id in unpriced_models:  # what we flag unpriced, the package cannot price either
        assert all(model.id != model_id for provider in providers.values() for model in provider.models)


def test_band_pricing_equals_the_catalogue_rule_applied_per_call(built) -> None:
    """Every request's price row, found through int_price_bands, is the one the catalogue rule picks when it is
    applied directly to the call: rows of its model valid at started_at, on its route or standard, with a tier
    it exceeds; own route first, then the highest tier. Computed here by ranking, independently of the bands."""
    _, database, _ = built
    with duckdb.connect(str(database), read_only=True) as connection:
        connection.execute(f"create temp view prices as select * from read_csv_auto('{SEEDS / 'model_prices.csv'}')")
        mismatches, requests, routes, tiers = connection.execute(
            """
            with direct as (
                select
                    requests.request_id,
                    prices.route,
                    prices.valid_from,
                    prices.input_tokens_above,
                    row_number() over (
                        partition by requests.request_id
                        order by (prices.route = requests.route) desc, prices.input_tokens_above desc
                    ) as preference
                from fct_llm_requests as requests
                join prices
                    on prices.provider = requests.price_provider and prices.model_id = requests.model_id
                    and prices.route in (requests.route, 'standard')
                    and requests.started_at >= prices.valid_from
                    and (prices.valid_to is null or requests.started_at < prices.valid_to)
                    and (prices.input_tokens_above = 0 or requests.input_tokens > prices.input_tokens_above)
            )
            select
                count_if(
                    requests.is_unpriced <> (direct.request_id is null)
                    or requests.price_route is distinct from direct.route
                    or requests.price_valid_from is distinct from direct.valid_from
                    or requests.price_input_tokens_above is distinct from direct.input_tokens_above
                ),
                count(*),
                count(distinct requests.route),
                count_if(requests.price_input_tokens_above > 0)
            from fct_llm_requests as requests
            left join direct on requests.request_id = direct.request_id and direct.preference = 1
            """
        ).fetchone()
    assert requests > 50_000
    # Calls on batch and priority routes (priced on standard bands until those routes have prices of their own,
    # which the unit tests cover) and long-context tiers are in the data.
    assert routes >= 2 and tiers > 0
    assert mismatches == 0


def test_daily_spend_and_runs_reconcile_to_requests(built) -> None:
    _, database, _ = built
    with duckdb.connect(str(database), read_only=True) as connection:
        requests_total = connection.execute("select sum(model_cost_usd) from fct_llm_requests").fetchone()[0]
        daily_total = connection.execute("select sum(model_cost_usd) from fct_daily_spend").fetchone()[0]
        in_runs = connection.execute(
            "select sum(model_cost_usd) from fct_llm_requests where workflow_run_id is not null"
        ).fetchone()[0]
        runs_total = connection.execute("select sum(model_cost_usd) from fct_workflow_runs").fetchone()[0]
        by_month = connection.execute("select sum(total_cost_usd) from cost_per_accepted_output").fetchone()[0]
        fully_loaded = connection.execute("select sum(fully_loaded_cost_usd) from fct_workflow_runs").fetchone()[0]
    assert abs(requests_total - daily_total) < 1e-6
    assert abs(in_runs - runs_total) < 1e-6
    assert abs(by_month - fully_loaded) < 1e-6


def test_scenarios_show_up_as_their_unattributed_reasons(built) -> None:
    raw, database, _ = built
    outage_month = json.loads((raw / "_manifest.json").read_text())["scenarios"]["missing_from_telemetry"][
        "outage_day"
    ][:7]
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select strftime(month_start_date, '%Y-%m'), provider, unattributed_no_telemetry_usd, "
            "unattributed_no_tag_or_key_usd, unattributed_unpriced_model_usd, allocation_accuracy "
            "from allocation_accuracy where provider != 'all'"
        ).fetchall()
    # Amounts can be negative where a credit exceeds the usage it is spread over (the first Anthropic month).
    for month, provider, no_telemetry, no_tag_or_key, unpriced, accuracy in rows:
        # Calls missing from telemetry: the shadow Mistral batch every month, the OpenAI outage in its month.
        if provider == "mistral" or (provider == "openai" and month == outage_month):
            assert abs(no_telemetry) > 0.01, (month, provider)
        else:
            assert abs(no_telemetry) < 0.01, (month, provider, no_telemetry)
        # The unmapped key calls gpt-4.1 and claude-sonnet-4-6 without a team tag.
        assert (abs(no_tag_or_key) > 0) == (provider in ("openai", "anthropic")), (month, provider)
        # Only the support team's fine-tune has no catalogue price.
        assert (abs(unpriced) > 0) == (provider == "openai"), (month, provider)
        assert accuracy is None or 0 <= accuracy <= 1  # null when credits leave nothing billed


def test_runaway_loop_breaches_the_hard_cap_on_its_day_and_overrides_raise_budgets(built) -> None:
    raw, database, _ = built
    manifest = json.loads((raw / "_manifest.json").read_text())
    loop_day = manifest["scenarios"]["runaway_agent_loop"]["day"]
    with duckdb.connect(str(database), read_only=True) as connection:
        breached = connection.execute(
            "select strftime(crossed_100_on, '%Y-%m-%d'), is_hard_cap_breached from budget_status "
            "where budget_id = 'bud_team_platform' and crossed_100_on is not null"
        ).fetchall()
        overridden = connection.execute(
            "select strftime(month_start_date, '%Y-%m'), overrides_usd, budget_usd - base_budget_usd "
            "from budget_status where budget_id = 'bud_team_dev_productivity' and has_approved_override"
        ).fetchall()
    assert breached == [(loop_day, True)]
    # The governance log approves one 6,000 USD override for dev_productivity, a quarter into the period.
    assert len(overridden) == 1 and overridden[0][1] == 6000.0 and abs(overridden[0][2] - 6000.0) < 1e-9
