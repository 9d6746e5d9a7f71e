{#- Built incrementally by the run's start day: a run's calls start after it, so the runs of the days
    fct_llm_requests re-read are costed again with all their calls (see incremental_lookback). -#}
{{ incremental_by_day('started_date', ['workflow_id', 'team_id']) }}

with

costed_runs as (
    select * from {{ ref('int_workflow_runs_costed') }}
    {% if is_incremental() -%}
        where started_date >= {{ incremental_lookback_start('started_date') }}
    {%- endif %}
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
        cache_savings_usd
    from costed_runs
)

select * from final
