{#- Seats bought and used of each AI SaaS subscription, per month, in USD: idle seats, what they cost (the
    month's cost x idle / purchased seats), the cost per active seat, and licences nobody has used for two
    months or more (consecutive months without an active seat, counted up to this one). A month without an fx
    rate leaves the USD figures null (and fails the not_null test) rather than dropping the row. One row per
    month x vendor x product x owner team. -#}
with

subscriptions as (
    select * from {{ ref('stg_saas__ai_subscriptions') }}
),

fx_rates as (
    select * from {{ ref('fx_rates') }}
),

monthly as (
    select
        subscriptions.subscription_month as month_start_date,
        subscriptions.vendor,
        subscriptions.product,
        subscriptions.owner_team_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as subscriptions,
        cast(sum(subscriptions.seats_purchased) as {{ dbt.type_bigint() }}) as seats_purchased,
        cast(sum(subscriptions.seats_active) as {{ dbt.type_bigint() }}) as seats_active,
        sum(subscriptions.monthly_cost * fx_rates.usd_per_unit) as monthly_cost_usd
    from subscriptions
    left join fx_rates
        on
            subscriptions.currency = fx_rates.currency
            and subscriptions.subscription_month = fx_rates.rate_month
    group by 1, 2, 3, 4
),

with_idle_streak as (
    select
        *,
        sum(case when seats_active > 0 then 1 else 0 end) over (
            partition by vendor, product, owner_team_id
            order by month_start_date
            rows between unbounded preceding and current row
        ) as active_months_so_far
    from monthly
),

streaks as (
    select
        *,
        case
            when seats_active > 0 then 0
            else
                count(*)
                    over (
                        partition by vendor, product, owner_team_id, active_months_so_far
                        order by month_start_date
                        rows between unbounded preceding and current row
                    )
                - case when active_months_so_far > 0 then 1 else 0 end
        end as months_without_activity
    from with_idle_streak
),

final as (
    select
        month_start_date,
        vendor,
        product,
        owner_team_id,
        subscriptions,
        seats_purchased,
        seats_active,
        greatest(seats_purchased - seats_active, 0) as seats_idle,
        1.0 * seats_active / nullif(seats_purchased, 0) as seat_utilisation,
        monthly_cost_usd,
        monthly_cost_usd * greatest(seats_purchased - seats_active, 0) / nullif(seats_purchased, 0)
            as idle_seat_cost_usd,
        monthly_cost_usd / nullif(seats_active, 0) as cost_per_active_seat_usd,
        months_without_activity,
        months_without_activity >= 2 as is_inactive_two_months
    from streaks
)

select * from final
