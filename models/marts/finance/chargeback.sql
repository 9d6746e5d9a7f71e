{#- Chargeback and showback of the AI invoice to teams and cost centres, in the billing currency and in USD.
    direct_cost: the invoice share attributed to the team (billing_allocated, the consumer rule applied).
    An explicit "unallocated" line holds everything that could not be attributed.
    Showback shows the unallocated line as it is. Chargeback spreads it over the teams of the same month and
    billing currency pro rata to their direct cost (shared_cost_spread), so the unallocated line is 0.
    Amounts are rounded to cents preserving the total, so each month and currency sums to the invoice.
    One row per month x billing currency x cost centre x team. -#}
with

allocations as (
    select * from {{ ref('billing_allocated') }}
),

teams as (
    select * from {{ ref('teams') }}
),

by_team as (
    select
        allocations.charge_month,
        allocations.billing_currency,
        coalesce(teams.cost_center_id, 'unallocated') as cost_center_id,
        coalesce(teams.team_id, 'unallocated') as team_id,
        sum(allocations.allocated_amount) as direct_cost,
        sum(allocations.allocated_amount_usd) as direct_cost_usd
    from allocations
    left join teams
        on allocations.team_id = teams.team_id
    group by 1, 2, 3, 4
),

month_totals as (
    select
        charge_month,
        billing_currency,
        sum(case when team_id = 'unallocated' then direct_cost else 0 end) as unallocated_cost,
        sum(case when team_id = 'unallocated' then direct_cost_usd else 0 end) as unallocated_cost_usd,
        sum(case when team_id != 'unallocated' then direct_cost else 0 end) as allocated_cost,
        sum(case when team_id != 'unallocated' then direct_cost_usd else 0 end) as allocated_cost_usd
    from by_team
    group by 1, 2
),

spread as (
    select
        by_team.*,
        case
            when by_team.team_id = 'unallocated' and month_totals.allocated_cost != 0 then -by_team.direct_cost
            when by_team.team_id != 'unallocated' and month_totals.allocated_cost != 0
                then month_totals.unallocated_cost * by_team.direct_cost / month_totals.allocated_cost
            else 0
        end as shared_cost_spread,
        case
            when by_team.team_id = 'unallocated' and month_totals.allocated_cost_usd != 0 then -by_team.direct_cost_usd
            when by_team.team_id != 'unallocated' and month_totals.allocated_cost_usd != 0
                then month_totals.unallocated_cost_usd * by_team.direct_cost_usd / month_totals.allocated_cost_usd
            else 0
        end as shared_cost_spread_usd
    from by_team
    inner join month_totals
        on by_team.charge_month = month_totals.charge_month and by_team.billing_currency = month_totals.billing_currency
),

rounded as (
    select
        charge_month,
        billing_currency,
        cost_center_id,
        team_id,
        {{ round_preserving_total('direct_cost', 'charge_month, billing_currency', 'team_id') }} as showback_cost,
        {{ round_preserving_total('direct_cost_usd', 'charge_month, billing_currency', 'team_id') }}
            as showback_cost_usd,
        {{ round_preserving_total('direct_cost + shared_cost_spread', 'charge_month, billing_currency', 'team_id') }}
            as chargeback_cost,
        {{ round_preserving_total(
            'direct_cost_usd + shared_cost_spread_usd', 'charge_month, billing_currency', 'team_id'
        ) }} as chargeback_cost_usd
    from spread
),

final as (
    select
        charge_month as month_start_date,
        billing_currency,
        cost_center_id,
        team_id,
        team_id = 'unallocated' as is_unallocated_line,
        showback_cost as direct_cost,
        round(chargeback_cost - showback_cost, 2) as shared_cost_spread,
        showback_cost,
        chargeback_cost,
        showback_cost_usd as direct_cost_usd,
        round(chargeback_cost_usd - showback_cost_usd, 2) as shared_cost_spread_usd,
        showback_cost_usd,
        chargeback_cost_usd
    from rounded
)

select * from final
