{#- Telemetry against the invoice per provider and month: the telemetry estimate (requests priced at list),
    the invoice's list, effective and billed cost of usage, credits, taxes and adjustments shown apart, and the
    variance (telemetry estimate - billed usage) / billed usage. Amounts in USD; billed total also in the
    billing currency. One row per month x provider. -#}
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
        max(billing_currency) as billing_currency,
        count(distinct invoice_id) as invoices,
        sum(case when charge_category = 'usage' then list_cost_usd else 0 end) as list_cost_usd,
        sum(case when charge_category = 'usage' then effective_cost_usd else 0 end) as effective_cost_usd,
        sum(case when charge_category = 'usage' then billed_cost_usd else 0 end) as billed_usage_cost_usd,
        sum(case when charge_category = 'credit' then billed_cost_usd else 0 end) as credits_usd,
        sum(case when charge_category = 'tax' then billed_cost_usd else 0 end) as taxes_usd,
        sum(case when charge_category = 'adjustment' then billed_cost_usd else 0 end) as adjustments_usd,
        sum(case when charge_category = 'purchase' then billed_cost_usd else 0 end) as purchases_usd,
        sum(billed_cost_usd) as billed_total_usd,
        sum(billed_cost) as billed_total_billing_currency
    from billing_lines
    where is_ai_service
    group by 1, 2
),

telemetry as (
    select
        charge_month,
        provider,
        cast(sum(requests) as {{ dbt.type_bigint() }}) as requests,
        cast(sum(unpriced_requests) as {{ dbt.type_bigint() }}) as unpriced_requests,
        sum(telemetry_cost_usd) as telemetry_estimate_usd,
        sum(gateway_cost_usd) as gateway_estimate_usd
    from monthly_costs
    group by 1, 2
),

final as (
    select
        invoice.charge_month as month_start_date,
        invoice.provider,
        invoice.billing_currency,
        invoice.invoices,
        coalesce(telemetry.requests, 0) as requests,
        coalesce(telemetry.unpriced_requests, 0) as unpriced_requests,
        coalesce(telemetry.telemetry_estimate_usd, 0) as telemetry_estimate_usd,
        telemetry.gateway_estimate_usd,
        invoice.list_cost_usd,
        invoice.effective_cost_usd,
        invoice.billed_usage_cost_usd,
        invoice.credits_usd,
        invoice.taxes_usd,
        invoice.adjustments_usd,
        invoice.purchases_usd,
        invoice.billed_total_usd,
        invoice.billed_total_billing_currency,
        coalesce(telemetry.telemetry_estimate_usd, 0) - invoice.billed_usage_cost_usd as variance_usd,
        (coalesce(telemetry.telemetry_estimate_usd, 0) - invoice.billed_usage_cost_usd)
        / nullif(invoice.billed_usage_cost_usd, 0) as variance_pct,
        (coalesce(telemetry.telemetry_estimate_usd, 0) - invoice.list_cost_usd)
        / nullif(invoice.list_cost_usd, 0) as variance_to_list_pct
    from invoice
    left join telemetry
        on invoice.charge_month = telemetry.charge_month and invoice.provider = telemetry.provider
)

select * from final
