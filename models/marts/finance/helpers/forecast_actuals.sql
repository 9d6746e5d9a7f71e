{#- Actual model spend per month and forecast scope (company, department, team, provider, workflow), and whether
    the month is complete in the data (its last day is on or before the last day with data). What forecasts are
    measured against, and what later forecasts learn their error from. One row per month x scope. -#}
with

daily_spend as (
    select * from {{ ref('spend_daily_by_scope') }}
    where scope_type in ('company', 'department', 'team', 'provider', 'workflow')
),

data_bounds as (
    select max(spend_date) as last_day
    from daily_spend
),

monthly as (
    select
        cast({{ dbt.date_trunc('month', 'spend_date') }} as date) as month_start_date,
        scope_type,
        scope_id,
        sum(spend_usd) as actual_usd
    from daily_spend
    group by 1, 2, 3
),

final as (
    select
        monthly.month_start_date,
        monthly.scope_type,
        monthly.scope_id,
        monthly.actual_usd,
        {{ dbt.last_day('monthly.month_start_date', 'month') }} <= data_bounds.last_day as is_complete_month
    from monthly
    cross join data_bounds
)

select * from final
