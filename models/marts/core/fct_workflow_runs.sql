{#- Fully loaded cost of each workflow run: model cost of its requests + tool calls x tool rate + retrieval
    calls x retrieval rate + review minutes x the requesting department's hourly review rate / 60 +
    orchestration overhead per run. Rates are those valid on the run's start date.
    Built incrementally by the run's start day (see incremental_lookback): the runs of the re-read days are
    costed again with all their calls. -#}
{{ incremental_by_day('started_date', ['workflow_id', 'team_id']) }}

with

runs as (
    select * from {{ ref('stg_telemetry__workflow_runs') }}
    {% if is_incremental() -%}
        where started_date >= {{ incremental_lookback_start('started_date') }}
    {%- endif %}
),

requests as (
    select * from {{ ref('fct_llm_requests') }}
    {% if is_incremental() -%}
        -- Only the calls of the runs re-read: a semi-join, not a date filter, so a call logged before its run's
        -- start is still counted.
        where workflow_run_id in (select runs.workflow_run_id from runs)
    {%- endif %}
),

teams as (
    select * from {{ ref('teams') }}
),

workflows as (
    select * from {{ ref('workflows') }}
),

rates_with_validity as (
    select * from {{ ref('int_unit_rates_valid') }}
),

request_totals as (
    select
        workflow_run_id,
        count(*) as requests,
        {{ count_if("is_unpriced") }} as unpriced_requests,
        {{ count_if("is_retry") }} as retries,
        {{ count_if("is_fallback") }} as fallbacks,
        {{ count_if("is_error") }} as errored_requests,
        cast(max(agent_step) as {{ dbt.type_bigint() }}) as agent_steps,
        max(case when not is_fallback then {{ tier_rank('model_tier') }} end) as top_tier_rank,
        cast(sum(input_tokens) as {{ dbt.type_bigint() }}) as input_tokens,
        cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        cast(sum(tool_calls) as {{ dbt.type_bigint() }}) as tool_calls,
        cast(sum(retrieval_calls) as {{ dbt.type_bigint() }}) as retrieval_calls,
        coalesce(sum(model_cost_usd), 0) as model_cost_usd,
        coalesce(sum(cache_savings_usd), 0) as cache_savings_usd
    from requests
    where workflow_run_id is not null
    group by workflow_run_id
),

run_days as (
    -- Rates depend on the day and the requesting department only: look them up once per pair, not per run.
    select distinct
        runs.started_date,
        coalesce(teams.department_id, '') as department_key
    from runs
    left join teams
        on runs.requesting_team_id = teams.team_id
),

rates_by_day as (
    select
        run_days.started_date,
        run_days.department_key,
        {{ unit_rate_columns('rates', 'run_days.department_key') }}
    from run_days
    left join rates_with_validity as rates
        on
            run_days.started_date >= rates.valid_from
            and (rates.valid_to is null or run_days.started_date < rates.valid_to)
    group by run_days.started_date, run_days.department_key
),

costed as (
    select
        runs.*,
        teams.department_id,
        teams.cost_center_id,
        workflows.task_type,
        coalesce(request_totals.requests, 0) as requests,
        coalesce(request_totals.unpriced_requests, 0) as unpriced_requests,
        coalesce(request_totals.retries, 0) as retries,
        coalesce(request_totals.fallbacks, 0) as fallbacks,
        coalesce(request_totals.errored_requests, 0) as errored_requests,
        coalesce(request_totals.agent_steps, 0) as agent_steps,
        request_totals.top_tier_rank,
        coalesce(request_totals.input_tokens, 0) as input_tokens,
        coalesce(request_totals.output_tokens, 0) as output_tokens,
        coalesce(request_totals.tool_calls, 0) as tool_calls,
        coalesce(request_totals.retrieval_calls, 0) as retrieval_calls,
        round(coalesce(request_totals.model_cost_usd, 0), 10) as model_cost_usd,
        coalesce(request_totals.cache_savings_usd, 0) as cache_savings_usd,
        round(coalesce(request_totals.tool_calls, 0) * coalesce(day_rates.tool_call_rate_usd, 0), 10)
            as tool_cost_usd,
        round(coalesce(request_totals.retrieval_calls, 0) * coalesce(day_rates.retrieval_call_rate_usd, 0), 10)
            as retrieval_cost_usd,
        round(runs.human_review_minutes * coalesce(day_rates.review_hour_rate_usd, 0) / 60.0, 10)
            as review_cost_usd,
        coalesce(day_rates.orchestration_rate_usd, 0) as orchestration_cost_usd
    from runs
    left join request_totals
        on runs.workflow_run_id = request_totals.workflow_run_id
    left join teams
        on runs.requesting_team_id = teams.team_id
    left join rates_by_day as day_rates
        on
            runs.started_date = day_rates.started_date
            and coalesce(teams.department_id, '') = day_rates.department_key
    left join workflows
        on runs.workflow_id = workflows.workflow_id
),

fully_loaded as (
    select
        *,
        round(
            model_cost_usd + tool_cost_usd + retrieval_cost_usd + review_cost_usd + orchestration_cost_usd, 10
        ) as fully_loaded_cost_usd
    from costed
),

final as (
    select
        workflow_run_id,
        workflow_id,
        task_type,
        requesting_team_id as team_id,
        department_id,
        cost_center_id,
        environment,
        environment = 'production' as is_production,
        started_at,
        started_date,
        ended_at,
        status,
        is_output_accepted,
        coalesce(is_output_accepted, false) as has_accepted_output,
        blocked_reason,
        requests,
        unpriced_requests,
        retries,
        fallbacks,
        errored_requests,
        agent_steps,
        {{ tier_name('top_tier_rank') }} as top_model_tier,
        input_tokens,
        output_tokens,
        tool_calls,
        retrieval_calls,
        human_review_minutes,
        model_cost_usd,
        tool_cost_usd,
        retrieval_cost_usd,
        review_cost_usd,
        orchestration_cost_usd,
        fully_loaded_cost_usd,
        cache_savings_usd,
        {{ build_started_at() }} as built_at
    from fully_loaded
)

select * from final
