{#- provider_reconciliation at the model level, where the invoice's SKU names the model: telemetry estimate
    against the list, effective and billed cost of the model's usage lines. Credits, taxes and adjustments have
    no model and stay in provider_reconciliation. One row per month x provider x model. -#}
with

billing_lines as (
    select * from {{ ref('stg_focus__billing_focus') }}
),

monthly_costs as (
    select * from {{ ref('llm_costs_monthly') }}
),

invoice as (
    select
        charge_month,
        provider,
        model_id,
        sum(consumed_quantity) as billed_tokens,
        sum(list_cost_usd) as list_cost_usd,
        sum(effective_cost_usd) as effective_cost_usd,
        sum(billed_cost_usd) as billed_usage_cost_usd
    from billing_lines
    where is_model_usage
    group by 1, 2, 3
),

telemetry as (
    select
        charge_month,
        provider,
        model_id,
        cast(sum(requests) as {{ dbt.type_bigint() }}) as requests,
        cast(sum(unpriced_requests) as {{ dbt.type_bigint() }}) as unpriced_requests,
        cast(sum(input_tokens + output_tokens) as {{ dbt.type_bigint() }}) as telemetry_tokens,
        sum(telemetry_cost_usd) as telemetry_estimate_usd
    from monthly_costs
    group by 1, 2, 3
),

final as (
    select
        invoice.charge_month as month_start_date,
        invoice.provider,
        invoice.model_id,
        coalesce(telemetry.requests, 0) as requests,
        coalesce(telemetry.unpriced_requests, 0) as unpriced_requests,
        coalesce(telemetry.telemetry_tokens, 0) as telemetry_tokens,
        invoice.billed_tokens,
        coalesce(telemetry.telemetry_estimate_usd, 0) as telemetry_estimate_usd,
        invoice.list_cost_usd,
        invoice.effective_cost_usd,
        invoice.billed_usage_cost_usd,
        coalesce(telemetry.telemetry_estimate_usd, 0) - invoice.billed_usage_cost_usd as variance_usd,
        (coalesce(telemetry.telemetry_estimate_usd, 0) - invoice.billed_usage_cost_usd)
        / nullif(invoice.billed_usage_cost_usd, 0) as variance_pct
    from invoice
    left join telemetry
        on
            invoice.charge_month = telemetry.charge_month
            and invoice.provider = telemetry.provider
            and invoice.model_id = telemetry.model_id
)

select * from final
