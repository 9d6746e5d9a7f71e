{#- Unit metrics per month, team and environment: cost per request, per 1k tokens, per active user and per
    customer served, token totals, premium share, fallback rate, cache hit rates, retries and agent steps per
    run. Rates are fractions 0-1. Unpriced requests count as requests but add no cost (see unpriced_requests).
    Built incrementally by month: the months from the first day the request or run facts changed since the last
    build (see changed_months_start). -#}
{{ incremental_by_month('month_start_date', ['team_id']) }}
{%- set first_month = changed_months_start([
    (ref('fct_llm_requests'), 'started_date'),
    (ref('fct_workflow_runs'), 'started_date'),
]) %}

with

requests as (
    select * from {{ ref('fct_llm_requests') }}
    {% if is_incremental() -%}
        where started_date >= {{ first_month }}
    {%- endif %}
),

runs as (
    select * from {{ ref('fct_workflow_runs') }}
    {% if is_incremental() -%}
        where started_date >= {{ first_month }}
    {%- endif %}
),

request_metrics as (
    select
        cast({{ dbt.date_trunc('month', 'started_date') }} as date) as month_start_date,
        coalesce(team_id, 'unallocated') as team_id,
        environment,
        cast(sum(request_count) as {{ dbt.type_bigint() }}) as requests,
        {{ count_if("is_unpriced") }} as unpriced_requests,
        count(distinct user_id) as active_users,
        count(distinct customer_id) as customers_served,
        cast(sum(input_tokens) as {{ dbt.type_bigint() }}) as input_tokens,
        cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        cast(sum(cache_read_input_tokens) as {{ dbt.type_bigint() }}) as cache_read_input_tokens,
        {{ count_if("cache_read_input_tokens > 0") }} as cache_hit_requests,
        {{ count_if("is_fallback") }} as fallback_requests,
        coalesce(sum(model_cost_usd), 0) as model_cost_usd,
        coalesce(sum(case when model_tier = 'premium' then model_cost_usd end), 0) as premium_model_cost_usd,
        {{ count_if("model_tier = 'premium'") }} as premium_requests
    from requests
    group by 1, 2, 3
),

run_metrics as (
    select
        cast({{ dbt.date_trunc('month', 'started_date') }} as date) as month_start_date,
        team_id,
        environment,
        count(*) as runs,
        cast(sum(retries) as {{ dbt.type_bigint() }}) as retries,
        cast(sum(agent_steps) as {{ dbt.type_bigint() }}) as agent_steps
    from runs
    group by 1, 2, 3
),

final as (
    select
        request_metrics.month_start_date,
        request_metrics.team_id,
        request_metrics.environment,
        request_metrics.environment = 'production' as is_production,
        request_metrics.requests,
        request_metrics.unpriced_requests,
        request_metrics.active_users,
        request_metrics.customers_served,
        request_metrics.input_tokens,
        request_metrics.output_tokens,
        request_metrics.model_cost_usd,
        request_metrics.model_cost_usd / request_metrics.requests as cost_per_request_usd,
        request_metrics.model_cost_usd * 1000
        / nullif(request_metrics.input_tokens + request_metrics.output_tokens, 0) as cost_per_1k_tokens_usd,
        request_metrics.model_cost_usd / nullif(request_metrics.active_users, 0) as cost_per_active_user_usd,
        request_metrics.model_cost_usd / nullif(request_metrics.customers_served, 0) as cost_per_customer_usd,
        request_metrics.premium_model_cost_usd / nullif(request_metrics.model_cost_usd, 0) as premium_cost_share,
        cast(request_metrics.premium_requests as {{ type_double() }}) / request_metrics.requests
            as premium_request_share,
        cast(request_metrics.fallback_requests as {{ type_double() }}) / request_metrics.requests as fallback_rate,
        cast(request_metrics.cache_read_input_tokens as {{ type_double() }})
        / nullif(request_metrics.input_tokens, 0) as cache_hit_rate_tokens,
        cast(request_metrics.cache_hit_requests as {{ type_double() }}) / request_metrics.requests
            as cache_hit_rate_requests,
        coalesce(run_metrics.runs, 0) as runs,
        cast(run_metrics.retries as {{ type_double() }}) / nullif(run_metrics.runs, 0) as retries_per_run,
        cast(run_metrics.agent_steps as {{ type_double() }}) / nullif(run_metrics.runs, 0) as agent_steps_per_run,
        {{ build_started_at() }} as built_at
    from request_metrics
    left join run_metrics
        on
            request_metrics.month_start_date = run_metrics.month_start_date
            and request_metrics.team_id = run_metrics.team_id
            and request_metrics.environment = run_metrics.environment
)

select * from final
