{#- What the billing files hold besides AI: the billed cost of every other service (compute, storage, databases,
    ...) per month, provider and billing currency, so a cloud export is seen to be read. It never enters an AI
    figure (reconciliation, allocation and chargeback read AI lines only). -#}
with

lines as (
    select * from {{ ref('stg_focus__billing_focus') }}
),

final as (
    select
        charge_month as month_start_date,
        provider,
        billing_currency,
        count(*) as billing_lines,
        count(distinct service_name) as services,
        round(sum(billed_cost), 2) as billed_cost,
        round(sum(billed_cost_usd), 2) as billed_cost_usd
    from lines
    where not is_ai_service
    group by 1, 2, 3
)

select * from final
