with

checked_subscriptions as (
    select * from {{ ref('base_saas__ai_subscriptions') }}
),

final as (
    select
        subscription_id,
        subscription_month,
        rejection_reason,
        unreadable_columns,
        copy_number,
        vendor,
        product,
        seats_purchased,
        seats_active,
        monthly_cost,
        currency
    from checked_subscriptions
    where rejection_reason is not null
)

select * from final
