{#- For each forecast's as-of date, scope and driver of the `forecast_drivers` seed: the share of the scope's
    spend in the trailing window that the driver's scope (a workflow, provider, team, department or the whole
    company) covers. A driver moves a forecast in proportion to that share: a +40 % coding-agent roadmap step moves
    the engineering department by 40 % of the coding agent's share of its spend. One row per as-of date x scope x
    driver with a share above zero. -#}
{%- set window_days = var('forecast_window_days') %}
{%- set scopes = [
    ('company', "'acme'"),
    ('department', 'department_id'),
    ('team', 'team_id'),
    ('provider', 'provider'),
    ('workflow', 'workflow_id'),
] %}

with

daily_spend as (
    select * from {{ ref('fct_daily_spend') }}
),

run_rates as (
    select * from {{ ref('forecast_run_rates') }}
),

drivers as (
    select * from {{ ref('forecast_drivers') }}
),

as_of_dates as (
    select distinct as_of_date
    from run_rates
),

window_cells as (
    select
        as_of_dates.as_of_date,
        daily_spend.department_id,
        daily_spend.team_id,
        daily_spend.provider,
        daily_spend.workflow_id,
        sum(daily_spend.model_cost_usd) as spend_usd
    from as_of_dates
    inner join daily_spend
        on
            daily_spend.spend_date >= {{ dbt.dateadd('day', -window_days, 'as_of_dates.as_of_date') }}
            and as_of_dates.as_of_date > daily_spend.spend_date
    group by 1, 2, 3, 4, 5
),

cells_by_scope as (
    {%- for scope_type, scope_column in scopes %}
        select
            as_of_date,
            '{{ scope_type }}' as scope_type,
            cast({{ scope_column }} as {{ dbt.type_string() }}) as scope_id,
            department_id,
            team_id,
            provider,
            workflow_id,
            spend_usd
        from window_cells
        where {{ scope_column }} is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

driver_spend as (
    select
        cells_by_scope.as_of_date,
        cells_by_scope.scope_type,
        cells_by_scope.scope_id,
        drivers.driver_id,
        sum(cells_by_scope.spend_usd) as driver_scope_spend_usd
    from cells_by_scope
    inner join drivers
        on
            (drivers.scope_type = 'company')
            or (drivers.scope_type = 'department' and cells_by_scope.department_id = drivers.scope_id)
            or (drivers.scope_type = 'team' and cells_by_scope.team_id = drivers.scope_id)
            or (drivers.scope_type = 'provider' and cells_by_scope.provider = drivers.scope_id)
            or (drivers.scope_type = 'workflow' and cells_by_scope.workflow_id = drivers.scope_id)
    group by 1, 2, 3, 4
),

final as (
    select
        driver_spend.as_of_date,
        driver_spend.scope_type,
        driver_spend.scope_id,
        driver_spend.driver_id,
        driver_spend.driver_scope_spend_usd,
        driver_spend.driver_scope_spend_usd / run_rates.window_actual_spend_usd as driver_share
    from driver_spend
    inner join run_rates
        on
            driver_spend.as_of_date = run_rates.as_of_date
            and driver_spend.scope_type = run_rates.scope_type
            and driver_spend.scope_id = run_rates.scope_id
    where driver_spend.driver_scope_spend_usd > 0 and run_rates.window_actual_spend_usd > 0
)

select * from final
