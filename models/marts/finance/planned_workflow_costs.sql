{#- The pre-deploy cost model: each planned workflow of the `planned_workflows` seed priced per month, for twelve
    months from its planned launch, with the same price catalogue rule as real calls (the row valid on the month's
    first day, standard route, the tier its input size reaches) and the unit rates valid that day (review at the
    owner department's rate). Once a workflow with the same id runs, its actual runs and costs of the month sit
    beside the plan. Cached input is read from the cache; cache writes are not planned. One row per planned
    workflow x month. -#}
with

planned as (
    select * from {{ ref('planned_workflows') }}
),

price_bands as (
    select * from {{ ref('int_price_bands') }}
),

rates as (
    select * from {{ ref('int_unit_rates_valid') }}
),

teams as (
    select * from {{ ref('teams') }}
),

dates as (
    select * from {{ ref('dim_dates') }}
),

workflow_runs as (
    select * from {{ ref('fct_workflow_runs') }}
),

plan_months as (
    select distinct
        planned.planned_workflow_id,
        dates.month_start_date
    from planned
    inner join dates
        on
            planned.planned_launch_month <= dates.month_start_date
            and dates.month_start_date < {{ dbt.dateadd('month', 12, 'planned.planned_launch_month') }}
),

planned_calls as (
    -- One representative call per planned workflow and month, in the shape the catalogue bands price.
    select
        {{ dbt.concat([
            'plan_months.planned_workflow_id', "'|'",
            'cast(plan_months.month_start_date as ' ~ dbt.type_string() ~ ')'
        ]) }} as request_id,
        plan_months.planned_workflow_id,
        plan_months.month_start_date,
        planned.provider,
        planned.model_id,
        {{ catalogue_band_route("'standard'", 'price_bands') }} as band_route,
        cast(plan_months.month_start_date as {{ dbt.type_timestamp() }}) as started_at,
        planned.input_tokens_per_call as input_tokens
    from plan_months
    inner join planned
        on plan_months.planned_workflow_id = planned.planned_workflow_id
),

call_prices as (
    select
        planned_calls.request_id,
        price_bands.input_price_per_mtok,
        price_bands.cache_read_price_per_mtok,
        price_bands.output_price_per_mtok
    from planned_calls
    inner join price_bands
        on {{ catalogue_band_matches('planned_calls', 'price_bands') }}
),

month_rates as (
    select
        plan_months.planned_workflow_id,
        plan_months.month_start_date,
        {{ unit_rate_columns('rates', 'teams.department_id') }}
    from plan_months
    inner join planned
        on plan_months.planned_workflow_id = planned.planned_workflow_id
    left join teams
        on planned.owner_team_id = teams.team_id
    left join rates
        on
            plan_months.month_start_date >= rates.valid_from
            and (rates.valid_to is null or plan_months.month_start_date < rates.valid_to)
    group by 1, 2
),

planned_costs as (
    select
        planned_calls.planned_workflow_id,
        planned_calls.month_start_date,
        planned.workflow_name,
        planned.owner_team_id,
        planned.task_type,
        planned.provider,
        planned.model_id,
        planned.planned_launch_month,
        cast(planned.expected_runs_per_month as {{ dbt.type_bigint() }}) as planned_runs,
        cast(planned.expected_runs_per_month * planned.calls_per_run as {{ dbt.type_bigint() }}) as planned_calls,
        call_prices.request_id is null as is_unpriced,
        (
            planned.input_tokens_per_call * (1 - planned.cached_input_share) * call_prices.input_price_per_mtok
            + planned.input_tokens_per_call * planned.cached_input_share * call_prices.cache_read_price_per_mtok
            + planned.output_tokens_per_call * call_prices.output_price_per_mtok
        ) / 1e6 as cost_per_call_usd,
        planned.expected_runs_per_month * planned.tool_calls_per_run * coalesce(month_rates.tool_call_rate_usd, 0)
            as planned_tool_cost_usd,
        planned.expected_runs_per_month * planned.retrieval_calls_per_run
        * coalesce(month_rates.retrieval_call_rate_usd, 0) as planned_retrieval_cost_usd,
        planned.expected_runs_per_month * planned.review_minutes_per_run
        * coalesce(month_rates.review_hour_rate_usd, 0) / 60.0 as planned_review_cost_usd,
        planned.expected_runs_per_month * coalesce(month_rates.orchestration_rate_usd, 0)
            as planned_orchestration_cost_usd
    from planned_calls
    inner join planned
        on planned_calls.planned_workflow_id = planned.planned_workflow_id
    left join call_prices
        on planned_calls.request_id = call_prices.request_id
    left join month_rates
        on
            planned_calls.planned_workflow_id = month_rates.planned_workflow_id
            and planned_calls.month_start_date = month_rates.month_start_date
),

actuals as (
    select
        workflow_id,
        cast({{ dbt.date_trunc('month', 'started_date') }} as date) as month_start_date,
        count(*) as actual_runs,
        cast(sum(requests) as {{ dbt.type_bigint() }}) as actual_calls,
        sum(model_cost_usd) as actual_model_cost_usd,
        sum(fully_loaded_cost_usd) as actual_fully_loaded_cost_usd
    from workflow_runs
    group by 1, 2
),

final as (
    select
        planned_costs.planned_workflow_id,
        planned_costs.month_start_date,
        planned_costs.workflow_name,
        planned_costs.owner_team_id,
        planned_costs.task_type,
        planned_costs.provider,
        planned_costs.model_id,
        planned_costs.planned_launch_month,
        planned_costs.is_unpriced,
        planned_costs.planned_runs,
        planned_costs.planned_calls,
        planned_costs.cost_per_call_usd,
        planned_costs.planned_calls * planned_costs.cost_per_call_usd as planned_model_cost_usd,
        planned_costs.planned_tool_cost_usd,
        planned_costs.planned_retrieval_cost_usd,
        planned_costs.planned_review_cost_usd,
        planned_costs.planned_orchestration_cost_usd,
        planned_costs.planned_calls * planned_costs.cost_per_call_usd
        + planned_costs.planned_tool_cost_usd
        + planned_costs.planned_retrieval_cost_usd
        + planned_costs.planned_review_cost_usd
        + planned_costs.planned_orchestration_cost_usd as planned_fully_loaded_cost_usd,
        actuals.workflow_id is not null as has_actuals,
        actuals.actual_runs,
        actuals.actual_calls,
        actuals.actual_model_cost_usd,
        actuals.actual_fully_loaded_cost_usd,
        actuals.actual_fully_loaded_cost_usd
        - (
            planned_costs.planned_calls * planned_costs.cost_per_call_usd
            + planned_costs.planned_tool_cost_usd
            + planned_costs.planned_retrieval_cost_usd
            + planned_costs.planned_review_cost_usd
            + planned_costs.planned_orchestration_cost_usd
        ) as actual_minus_planned_usd
    from planned_costs
    left join actuals
        on
            planned_costs.planned_workflow_id = actuals.workflow_id
            and planned_costs.month_start_date = actuals.month_start_date
)

select * from final
