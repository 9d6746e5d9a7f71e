{#- Daily measures of every team and workflow, on a dense calendar from the scope's first activity to the last
    day with data (a day without activity is zeros, so baselines see quiet days), beside trailing baselines over
    the `anomaly_baseline_days` before the day (the day itself excluded). Spend, failed and accepted runs are
    compared with the same kind of day (weekday or weekend); the token ratio with all days. The premium share of
    production calls is measured over the day and the two before (a drift holds; one weekend run does not make
    one) against the mean and spread of daily shares in the window before those three days. Work items are runs
    plus calls made outside any run.
    Teams are the charged team of calls and the requesting team of runs. One row per day x scope type x scope. -#}
{%- set window_days = var('anomaly_baseline_days') %}
{%- set scopes = [('team', 'team_id'), ('workflow', 'workflow_id')] %}

with

daily_spend as (
    select * from {{ ref('fct_daily_spend') }}
),

workflow_runs as (
    select * from {{ ref('fct_workflow_runs') }}
),

dates as (
    select * from {{ ref('dim_dates') }}
),

spend_by_scope as (
    {%- for scope_type, scope_column in scopes %}
        select
            spend_date as activity_date,
            '{{ scope_type }}' as scope_type,
            {{ scope_column }} as scope_id,
            sum(model_cost_usd) as spend_usd,
            cast(sum(requests) as {{ dbt.type_bigint() }}) as requests,
            cast(sum(case when workflow_id is null then requests else 0 end) as {{ dbt.type_bigint() }})
                as adhoc_requests,
            cast(sum(input_tokens) as {{ dbt.type_bigint() }}) as input_tokens,
            cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
            cast(sum(case when environment = 'production' then requests else 0 end) as {{ dbt.type_bigint() }})
                as production_requests,
            cast(
                sum(case when environment = 'production' and model_tier = 'premium' then requests else 0 end)
                as {{ dbt.type_bigint() }}
            ) as premium_production_requests
        from daily_spend
        where {{ scope_column }} is not null
        group by 1, 2, 3
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

runs_by_scope as (
    {%- for scope_type, scope_column in scopes %}
        select
            started_date as activity_date,
            '{{ scope_type }}' as scope_type,
            {{ scope_column }} as scope_id,
            cast(count(*) as {{ dbt.type_bigint() }}) as runs,
            {{ count_if("status = 'completed'") }} as completed_runs,
            {{ count_if("status = 'failed'") }} as failed_runs,
            sum(case when status = 'failed' then coalesce(model_cost_usd, 0) else 0 end) as failed_run_cost_usd,
            {{ count_if('is_output_accepted') }} as accepted_runs
        from workflow_runs
        where {{ scope_column }} is not null
        group by 1, 2, 3
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

scope_bounds as (
    select
        scope_type,
        scope_id,
        min(activity_date) as first_date
    from (
        select
            scope_type,
            scope_id,
            activity_date
        from spend_by_scope
        union all
        select
            scope_type,
            scope_id,
            activity_date
        from runs_by_scope
    ) as activity
    group by 1, 2
),

data_bounds as (
    select max(activity_date) as last_date
    from spend_by_scope
),

scope_days as (
    select
        scope_bounds.scope_type,
        scope_bounds.scope_id,
        dates.date_day,
        dates.day_number,
        dates.is_weekend,
        dates.date_day >= {{ dbt.dateadd('day', window_days, 'scope_bounds.first_date') }} as has_full_baseline
    from scope_bounds
    cross join data_bounds
    inner join dates
        on dates.date_day between scope_bounds.first_date and data_bounds.last_date
),

measured as (
    select
        scope_days.scope_type,
        scope_days.scope_id,
        scope_days.date_day,
        scope_days.day_number,
        scope_days.is_weekend,
        scope_days.has_full_baseline,
        coalesce(spend_by_scope.spend_usd, 0) as spend_usd,
        coalesce(spend_by_scope.requests, 0) as requests,
        coalesce(runs_by_scope.runs, 0) + coalesce(spend_by_scope.adhoc_requests, 0) as work_items,
        coalesce(spend_by_scope.input_tokens, 0) as input_tokens,
        coalesce(spend_by_scope.output_tokens, 0) as output_tokens,
        coalesce(spend_by_scope.production_requests, 0) as production_requests,
        coalesce(spend_by_scope.premium_production_requests, 0) as premium_production_requests,
        coalesce(runs_by_scope.completed_runs, 0) as completed_runs,
        coalesce(runs_by_scope.failed_runs, 0) as failed_runs,
        coalesce(runs_by_scope.failed_run_cost_usd, 0) as failed_run_cost_usd,
        coalesce(runs_by_scope.accepted_runs, 0) as accepted_runs
    from scope_days
    left join spend_by_scope
        on
            scope_days.scope_type = spend_by_scope.scope_type
            and scope_days.scope_id = spend_by_scope.scope_id
            and scope_days.date_day = spend_by_scope.activity_date
    left join runs_by_scope
        on
            scope_days.scope_type = runs_by_scope.scope_type
            and scope_days.scope_id = runs_by_scope.scope_id
            and scope_days.date_day = runs_by_scope.activity_date
),

with_recent_share as (
    select
        *,
        cast(sum(production_requests) over recent_days as {{ dbt.type_bigint() }}) as recent_production_requests,
        1.0 * sum(premium_production_requests) over recent_days
        / nullif(sum(production_requests) over recent_days, 0) as recent_premium_share,
        1.0 * premium_production_requests / nullif(production_requests, 0) as premium_share
    from measured
    window recent_days as (
        partition by scope_type, scope_id
        order by day_number
        range between 2 preceding and current row
    )
),

final as (
    select
        *,
        avg(spend_usd) over same_kind_of_day as baseline_spend_usd,
        coalesce(stddev_samp(spend_usd) over same_kind_of_day, 0) as baseline_spend_stddev_usd,
        avg(work_items) over same_kind_of_day as baseline_work_items,
        coalesce(stddev_samp(work_items) over same_kind_of_day, 0) as baseline_work_items_stddev,
        avg(failed_runs) over same_kind_of_day as baseline_failed_runs,
        avg(failed_run_cost_usd) over same_kind_of_day as baseline_failed_run_cost_usd,
        avg(accepted_runs) over same_kind_of_day as baseline_accepted_runs,
        cast(sum(input_tokens) over all_days as {{ dbt.type_bigint() }}) as baseline_input_tokens,
        cast(sum(output_tokens) over all_days as {{ dbt.type_bigint() }}) as baseline_output_tokens,
        avg(premium_share) over days_before_recent as baseline_premium_share,
        coalesce(stddev_samp(premium_share) over days_before_recent, 0) as baseline_premium_share_stddev
    from with_recent_share
    window
        same_kind_of_day as (
            partition by scope_type, scope_id, is_weekend
            order by day_number
            range between {{ window_days }} preceding and 1 preceding
        ),
        all_days as (
            partition by scope_type, scope_id
            order by day_number
            range between {{ window_days }} preceding and 1 preceding
        ),
        days_before_recent as (
            partition by scope_type, scope_id
            order by day_number
            range between {{ window_days + 2 }} preceding and 3 preceding
        )
)

select * from final
