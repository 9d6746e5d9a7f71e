-- For every month and billing currency, showback and chargeback both add up to the billed AI total to the cent,
-- in the billing currency and in USD. Returns the months that do not.
with

chargeback as (
    select * from {{ ref('chargeback') }}
),

billing_lines as (
    select * from {{ ref('stg_focus__billing_focus') }}
),

charged as (
    select
        month_start_date,
        billing_currency,
        sum(showback_cost) as showback_total,
        sum(chargeback_cost) as chargeback_total,
        sum(showback_cost_usd) as showback_total_usd,
        sum(chargeback_cost_usd) as chargeback_total_usd,
        sum(case when is_unallocated_line then chargeback_cost else 0 end) as unallocated_after_spread
    from chargeback
    group by 1, 2
),

billed as (
    select
        charge_month as month_start_date,
        billing_currency,
        round(sum(billed_cost), 2) as billed_total,
        round(sum(billed_cost_usd), 2) as billed_total_usd
    from billing_lines
    where is_ai_service
    group by 1, 2
),

compared as (
    select
        billed.month_start_date,
        billed.billing_currency,
        billed.billed_total,
        billed.billed_total_usd,
        charged.showback_total,
        charged.chargeback_total,
        charged.showback_total_usd,
        charged.chargeback_total_usd,
        charged.unallocated_after_spread
    from billed
    left join charged
        on billed.month_start_date = charged.month_start_date and billed.billing_currency = charged.billing_currency
)

select * from compared
where
    showback_total is null
    or abs(showback_total - billed_total) > 0.001
    or abs(chargeback_total - billed_total) > 0.001
    or abs(showback_total_usd - billed_total_usd) > 0.001
    or abs(chargeback_total_usd - billed_total_usd) > 0.001
