{#- Fully loaded cost of ALL runs in the group (failed, abandoned, blocked and rejected included) divided by the
    runs whose output was accepted; null, not zero, when nothing was accepted. Built incrementally by month: the
    months from the first day the run facts changed since the last build (see changed_months_start). -#}
{{ incremental_by_month('month_start_date', ['workflow_id', 'team_id']) }}

with

runs as (
    select * from {{ ref('fct_workflow_runs') }}
    {% if is_incremental() -%}
        where started_date >= {{ changed_months_start([(ref('fct_workflow_runs'), 'started_date')]) }}
    {%- endif %}
),

monthly as (
    select
        cast({{ dbt.date_trunc('month', 'started_date') }} as date) as month_start_date,
        workflow_id,
        team_id,
        environment,
        count(*) as runs,
        {{ count_if("is_output_accepted") }} as accepted_runs,
        {{ count_if("is_output_accepted = false") }} as rejected_runs,
        {{ count_if("status = 'completed' and is_output_accepted is null") }} as unreviewed_runs,
        {{ count_if("status = 'failed'") }} as failed_runs,
        {{ count_if("status = 'abandoned'") }} as abandoned_runs,
        {{ count_if("status = 'blocked'") }} as blocked_runs,
        sum(model_cost_usd) as model_cost_usd,
        sum(tool_cost_usd) as tool_cost_usd,
        sum(retrieval_cost_usd) as retrieval_cost_usd,
        sum(review_cost_usd) as review_cost_usd,
        sum(orchestration_cost_usd) as orchestration_cost_usd,
        sum(fully_loaded_cost_usd) as total_cost_usd,
        sum(case when status = 'failed' then fully_loaded_cost_usd else 0 end) as failed_runs_cost_usd,
        sum(case when status = 'abandoned' then fully_loaded_cost_usd else 0 end) as abandoned_runs_cost_usd,
        sum(case when status = 'blocked' then fully_loaded_cost_usd else 0 end) as blocked_runs_cost_usd,
        sum(case when is_output_accepted = false then fully_loaded_cost_usd else 0 end) as rejected_runs_cost_usd
    from runs
    group by 1, 2, 3, 4
),

final as (
    select
        month_start_date,
        workflow_id,
        team_id,
        environment,
        environment = 'production' as is_production,
        runs,
        accepted_runs,
        rejected_runs,
        unreviewed_runs,
        failed_runs,
        abandoned_runs,
        blocked_runs,
        cast(accepted_runs as {{ type_double() }}) / runs as acceptance_rate,
        model_cost_usd,
        tool_cost_usd,
        retrieval_cost_usd,
        review_cost_usd,
        orchestration_cost_usd,
        total_cost_usd,
        total_cost_usd / runs as cost_per_run_usd,
        total_cost_usd / nullif(accepted_runs, 0) as cost_per_accepted_output_usd,
        failed_runs_cost_usd,
        abandoned_runs_cost_usd,
        blocked_runs_cost_usd,
        rejected_runs_cost_usd,
        {{ build_started_at() }} as built_at
    from monthly
)

select * from final
