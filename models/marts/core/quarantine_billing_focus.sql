with

checked_lines as (
    select * from {{ ref('base_focus__billing_focus') }}
),

final as (
    select
        billing_line_id,
        rejection_reason,
        unreadable_columns,
        billing_account_id,
        invoice_id,
        provider_name,
        charge_period_start_at,
        charge_category,
        sku_id,
        billed_cost,
        billing_currency
    from checked_lines
    where rejection_reason is not null
)

select * from final
