{#- Each budget's month day by day, for a burn-down chart: the scope's priced spend of the day and the month's
    cumulative spend to that day, beside the budget in force at the month's end (budget_status). The days run
    from the month's first to budget_status.as_of_date, so the last row's spend to date is budget_status's. One row
    per budget and day. -#}
with

budget_months as (
    select * from {{ ref('budget_status') }}
),

daily_spend as (
    select * from {{ ref('spend_daily_by_scope') }}
),

dates as (
    select * from {{ ref('dim_dates') }}
),

budget_days as (
    select
        budget_months.budget_id,
        budget_months.month_start_date,
        dates.date_day as spend_date,
        budget_months.scope_type,
        budget_months.scope_id,
        budget_months.cap_type,
        budget_months.budget_usd,
        coalesce(daily_spend.spend_usd, 0) as spend_usd
    from budget_months
    inner join dates
        on dates.date_day between budget_months.month_start_date and budget_months.as_of_date
    left join daily_spend
        on
            dates.date_day = daily_spend.spend_date
            and budget_months.scope_type = daily_spend.scope_type
            and budget_months.scope_id = daily_spend.scope_id
),

cumulative as (
    select
        *,
        sum(spend_usd) over (
            partition by budget_id, month_start_date
            order by spend_date rows between unbounded preceding and current row
        ) as spend_to_date_usd
    from budget_days
),

final as (
    select
        budget_id,
        month_start_date,
        spend_date,
        scope_type,
        scope_id,
        cap_type,
        spend_usd,
        spend_to_date_usd,
        budget_usd,
        spend_to_date_usd / nullif(budget_usd, 0) as budget_used_pct
    from cumulative
)

select * from final
