{#- Telemetry cost at the grain the invoice can be compared on: priced calls summed per month, provider, model
    and charged team (null = unallocated). Reconciliation, allocation and accuracy all read it.
    One row per month x provider x model x charged team. -#}
with

requests as (
    select * from {{ ref('fct_llm_requests') }}
),

final as (
    select
        cast({{ dbt.date_trunc('month', 'started_date') }} as date) as charge_month,
        provider,
        model_id,
        team_id,
        cast(sum(request_count) as {{ dbt.type_bigint() }}) as requests,
        {{ count_if("is_unpriced") }} as unpriced_requests,
        cast(sum(input_tokens) as {{ dbt.type_bigint() }}) as input_tokens,
        cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        coalesce(sum(model_cost_usd), 0) as telemetry_cost_usd,
        sum(gateway_cost_usd) as gateway_cost_usd
    from requests
    group by 1, 2, 3, 4
)

select * from final
