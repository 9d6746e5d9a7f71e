-- The FOCUS export re-issues each AI usage line with a quantity exactly: its rows add up to the line's billed cost
-- and quantity (in tokens where the export counts tokens: the line's quantity times its unit's tokens), and no
-- line is missing. Returns the lines that do not.
with

export_rows as (
    select * from {{ ref('focus_allocated_ai_cost') }}
),

billing_lines as (
    select * from {{ ref('stg_focus__billing_focus') }}
),

token_units as (
    select * from {{ ref('billing_token_units') }}
),

exported as (
    select
        x_billing_line_id as billing_line_id,
        max(ConsumedUnit) as consumed_unit,
        sum(ConsumedQuantity) as quantity,
        sum(BilledCost) as billed_cost
    from export_rows
    group by 1
),

invoiced as (
    select
        billing_line_id,
        consumed_unit,
        consumed_quantity,
        billed_cost
    from billing_lines
    where is_ai_usage and consumed_quantity is not null
),

compared as (
    select
        invoiced.billing_line_id,
        invoiced.billed_cost,
        exported.billed_cost as exported_billed_cost,
        invoiced.consumed_quantity * case
            when exported.consumed_unit = 'Tokens' then coalesce(token_units.tokens_per_unit, 1) else 1
        end as quantity,
        exported.quantity as exported_quantity
    from invoiced
    left join exported
        on invoiced.billing_line_id = exported.billing_line_id
    left join token_units
        on lower(trim(invoiced.consumed_unit)) = token_units.unit
)

select *
from compared
where
    exported_billed_cost is null
    or abs(quantity - exported_quantity) > 0.5
    or abs(billed_cost - exported_billed_cost) > 0.000001
