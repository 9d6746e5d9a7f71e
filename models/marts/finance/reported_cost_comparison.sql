{#- Where a source reports its own cost per call (a gateway's spend, gateway_cost_usd), that cost beside the
    catalogue re-price of the same calls, per month, provider and model: how far they differ. Only calls with a
    reported cost are compared; those the catalogue cannot price are counted apart. -#}
with

requests as (
    select * from {{ ref('fct_llm_requests') }}
),

reported as (
    select
        {{ dbt.date_trunc('month', 'started_date') }} as month_start_date,
        provider,
        model_id,
        count(*) as calls_with_reported_cost,
        {{ count_if('is_unpriced') }} as unpriced_calls_with_reported_cost,
        sum(gateway_cost_usd) as reported_cost_usd,
        sum(case when not is_unpriced then gateway_cost_usd end) as reported_cost_of_priced_calls_usd,
        sum(model_cost_usd) as repriced_cost_usd
    from requests
    where gateway_cost_usd is not null
    group by 1, 2, 3
),

final as (
    select
        cast(month_start_date as date) as month_start_date,
        provider,
        model_id,
        calls_with_reported_cost,
        unpriced_calls_with_reported_cost,
        round(reported_cost_usd, 9) as reported_cost_usd,
        round(repriced_cost_usd, 9) as repriced_cost_usd,
        round(reported_cost_of_priced_calls_usd - repriced_cost_usd, 9) as reported_minus_repriced_usd,
        round(
            (reported_cost_of_priced_calls_usd - repriced_cost_usd) / nullif(repriced_cost_usd, 0), 9
        ) as relative_difference
    from reported
)

select * from final
