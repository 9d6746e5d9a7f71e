-- The burn-down's last day of each budget month is budget_status's spend to date: two computations of the same
-- cumulative spend (budget_status's with the day's budget in force, this one as a running sum) must agree.
with

burndown as (
    select * from {{ ref('budget_burndown') }}
),

budget_months as (
    select * from {{ ref('budget_status') }}
),

last_days as (
    select
        burndown.budget_id,
        burndown.month_start_date,
        burndown.spend_to_date_usd,
        budget_months.spend_to_date_usd as status_spend_to_date_usd
    from burndown
    inner join budget_months
        on
            burndown.budget_id = budget_months.budget_id
            and burndown.month_start_date = budget_months.month_start_date
            and burndown.spend_date = budget_months.as_of_date
),

missing as (
    select budget_months.budget_id
    from budget_months
    left join last_days
        on
            budget_months.budget_id = last_days.budget_id
            and budget_months.month_start_date = last_days.month_start_date
    where last_days.budget_id is null
)

select budget_id from last_days
where abs(spend_to_date_usd - status_spend_to_date_usd) > 1e-6
union all
select budget_id from missing
