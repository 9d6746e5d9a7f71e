-- Monthly review, output 3 of 5: tool retirements. One row per AI subscription (vendor, product, owner team) of
-- the reviewed month that should go or shrink: retire it when no seat was active for two months, else cut the
-- idle seats when more than var review_idle_seat_share of them sat idle. The effect is the monthly cost saved
-- (all of it, or the idle seats' share); the owner is the vendor owner (the owner team's budget owner).
-- dbt compile --select tool_retirements [--vars '{review_month: 2026-05-01}'], then run the compiled SQL.
with

review as (
    {{ monthly_review_dates() }}
),

subscriptions as (
    select * from {{ ref('subscription_waste') }}
),

teams as (
    select * from {{ ref('dim_teams') }}
),

reviewed as (
    select
        subscriptions.*,
        review.next_review_date
    from subscriptions
    inner join review on subscriptions.month_start_date = review.review_month
),

proposed as (
    select
        *,
        case
            when is_inactive_two_months then 'retire'
            when seats_idle > {{ var('review_idle_seat_share') }} * seats_purchased then 'cut idle seats'
        end as proposed_decision
    from reviewed
),

final as (
    select
        proposed.month_start_date as review_month,
        proposed.vendor,
        proposed.product,
        proposed.owner_team_id,
        proposed.subscriptions,
        proposed.seats_purchased,
        proposed.seats_active,
        proposed.seats_idle,
        proposed.seat_utilisation,
        proposed.monthly_cost_usd,
        proposed.idle_seat_cost_usd,
        proposed.months_without_activity,
        proposed.proposed_decision,
        case
            when proposed.proposed_decision = 'retire' then -proposed.monthly_cost_usd
            else -proposed.idle_seat_cost_usd
        end as expected_monthly_effect_usd,
        'vendor owner' as owner_role,
        teams.budget_owner_email as owner_email,
        proposed.next_review_date
    from proposed
    left join teams on proposed.owner_team_id = teams.team_id
    where proposed.proposed_decision is not null
)

select * from final
order by expected_monthly_effect_usd asc, vendor asc, product asc, owner_team_id asc
