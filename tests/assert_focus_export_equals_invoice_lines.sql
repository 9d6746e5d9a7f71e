-- The FOCUS export re-issues each invoice usage line exactly: its allocated rows add up to the line's
-- tokens and billed cost. Returns the lines that do not.
with

export_rows as (
    select * from {{ ref('focus_allocated_ai_cost') }}
),

billing_lines as (
    select * from {{ ref('stg_focus__billing_focus') }}
),

exported as (
    select
        BillingAccountId as billing_account_id,
        SkuId as sku_id,
        ChargePeriodStart as charge_period_start_at,
        sum(ConsumedQuantity) as tokens,
        sum(BilledCost) as billed_cost
    from export_rows
    group by 1, 2, 3
),

invoiced as (
    select
        billing_account_id,
        sku_id,
        charge_period_start_at,
        sum(consumed_quantity) as tokens,
        sum(billed_cost) as billed_cost
    from billing_lines
    where is_model_usage and consumed_quantity > 0
    group by 1, 2, 3
)

select
    invoiced.billing_account_id,
    invoiced.sku_id,
    invoiced.charge_period_start_at,
    invoiced.tokens,
    exported.tokens as exported_tokens,
    invoiced.billed_cost,
    exported.billed_cost as exported_billed_cost
from invoiced
left join exported
    on
        invoiced.billing_account_id = exported.billing_account_id
        and invoiced.sku_id = exported.sku_id
        and invoiced.charge_period_start_at = exported.charge_period_start_at
where
    exported.tokens is null
    or abs(invoiced.tokens - exported.tokens) > 0.5
    or abs(invoiced.billed_cost - exported.billed_cost) > 0.000001
