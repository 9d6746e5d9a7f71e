with

checked_subscriptions as (
    select * from {{ ref('base_saas__ai_subscriptions') }}
),

final as (
    select
        subscription_id,
        subscription_month,
        vendor,
        product,
        owner_team_id,
        seats_purchased,
        seats_active,
        monthly_cost,
        currency
    from checked_subscriptions
    where rejection_reason is null
)

select * from final
