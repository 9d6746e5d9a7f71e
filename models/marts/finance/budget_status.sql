{#- Where every budget stands each month. Spend is priced telemetry (USD at list) of the budget's scope; a
    budget in another currency is converted with the month's fx rate. Approved budget overrides from the
    governance log raise the budget from the day they were approved. A threshold (50 / 75 / 90 / 100 %) is
    crossed on the first day the month's cumulative spend reaches it of the budget in force that day; a zero
    budget is crossed (and a hard one breached) by the first spend, not by none. The
    projection extends the month's daily run rate to the month end; days to exhaustion divide what is left
    by that run rate. One row per budget x month. -#}
with

budgets as (
    select * from {{ ref('budgets') }}
),

fx_rates as (
    select * from {{ ref('fx_rates') }}
),

governance_events as (
    select * from {{ ref('stg_governance__governance_events') }}
),

daily_spend as (
    select * from {{ ref('spend_daily_by_scope') }}
),

dates as (
    select * from {{ ref('dim_dates') }}
),

data_days as (
    select
        min(spend_date) as first_day,
        max(spend_date) as last_day
    from daily_spend
),

months as (
    select distinct dates.month_start_date
    from dates
    cross join data_days
    where dates.date_day between data_days.first_day and data_days.last_day
),

budget_months as (
    select
        budgets.budget_id,
        budgets.scope_type,
        budgets.scope_id,
        budgets.cap_type,
        budgets.currency,
        months.month_start_date,
        budgets.amount * fx_rates.usd_per_unit as base_budget_usd,
        budgets.warn_threshold_1,
        budgets.warn_threshold_2,
        budgets.warn_threshold_3
    from budgets
    inner join months
        on budgets.is_recurring or cast(budgets.budget_month as date) = months.month_start_date
    inner join fx_rates
        on budgets.currency = fx_rates.currency and months.month_start_date = fx_rates.rate_month
),

approved_overrides as (
    select
        scope_type,
        scope_id,
        cast(occurred_at as date) as effective_date,
        amount as override_usd
    from governance_events
    where event_type = 'budget_override' and is_approved and amount is not null
),

budget_days as (
    select
        budget_months.*,
        dates.date_day,
        dates.days_in_month,
        coalesce(daily_spend.spend_usd, 0) as spend_usd
    from budget_months
    inner join dates
        on budget_months.month_start_date = dates.month_start_date
    cross join data_days
    left join daily_spend
        on
            dates.date_day = daily_spend.spend_date
            and budget_months.scope_type = daily_spend.scope_type
            and budget_months.scope_id = daily_spend.scope_id
    where dates.date_day between data_days.first_day and data_days.last_day
),

budget_days_with_overrides as (
    select
        budget_days.budget_id,
        budget_days.month_start_date,
        budget_days.date_day,
        max(budget_days.spend_usd) as spend_usd,
        max(budget_days.base_budget_usd) as base_budget_usd,
        max(budget_days.days_in_month) as days_in_month,
        coalesce(sum(approved_overrides.override_usd), 0) as overrides_usd
    from budget_days
    left join approved_overrides
        on
            budget_days.scope_type = approved_overrides.scope_type
            and budget_days.scope_id = approved_overrides.scope_id
            and approved_overrides.effective_date between budget_days.month_start_date and budget_days.date_day
    group by 1, 2, 3
),

cumulative as (
    select
        *,
        base_budget_usd + overrides_usd as budget_usd,
        sum(spend_usd) over (
            partition by budget_id, month_start_date order by date_day rows between unbounded preceding and current row
        ) as spend_to_date_usd
    from budget_days_with_overrides
),

crossings as (
    select
        budget_id,
        month_start_date,
        min(case when {{ budget_reached('spend_to_date_usd', 'budget_usd', 0.5) }} then date_day end) as crossed_50_on,
        min(case when {{ budget_reached('spend_to_date_usd', 'budget_usd', 0.75) }} then date_day end) as crossed_75_on,
        min(case when {{ budget_reached('spend_to_date_usd', 'budget_usd', 0.9) }} then date_day end) as crossed_90_on,
        min(case when {{ budget_reached('spend_to_date_usd', 'budget_usd', 1) }} then date_day end) as crossed_100_on,
        max(date_day) as as_of_date,
        max(days_in_month) as days_in_month,
        count(*) as days_elapsed
    from cumulative
    group by 1, 2
),

month_end as (
    select
        cumulative.budget_id,
        cumulative.month_start_date,
        cumulative.spend_to_date_usd,
        cumulative.budget_usd,
        cumulative.overrides_usd
    from cumulative
    inner join crossings
        on
            cumulative.budget_id = crossings.budget_id
            and cumulative.month_start_date = crossings.month_start_date
            and cumulative.date_day = crossings.as_of_date
),

final as (
    select
        budget_months.budget_id,
        budget_months.month_start_date,
        budget_months.scope_type,
        budget_months.scope_id,
        budget_months.cap_type,
        budget_months.currency as budget_currency,
        crossings.as_of_date,
        crossings.days_elapsed,
        budget_months.base_budget_usd,
        month_end.overrides_usd,
        month_end.overrides_usd > 0 as has_approved_override,
        month_end.budget_usd,
        month_end.spend_to_date_usd,
        month_end.spend_to_date_usd / nullif(month_end.budget_usd, 0) as budget_used_pct,
        cast(case
            when crossings.crossed_100_on is not null then 1.0
            when crossings.crossed_90_on is not null then 0.9
            when crossings.crossed_75_on is not null then 0.75
            when crossings.crossed_50_on is not null then 0.5
        end as {{ type_double() }}) as highest_threshold_crossed,
        coalesce(
            crossings.crossed_100_on, crossings.crossed_90_on, crossings.crossed_75_on, crossings.crossed_50_on
        ) as highest_threshold_crossed_on,
        crossings.crossed_50_on,
        crossings.crossed_75_on,
        crossings.crossed_90_on,
        crossings.crossed_100_on,
        month_end.spend_to_date_usd / crossings.days_elapsed * crossings.days_in_month as projected_month_end_usd,
        case
            when month_end.spend_to_date_usd >= month_end.budget_usd then 0
            when month_end.spend_to_date_usd > 0
                then
                    (month_end.budget_usd - month_end.spend_to_date_usd)
                    / (month_end.spend_to_date_usd / crossings.days_elapsed)
        end as days_to_exhaustion,
        budget_months.cap_type = 'hard'
        and {{ budget_reached('month_end.spend_to_date_usd', 'month_end.budget_usd', 1) }} as is_hard_cap_breached
    from budget_months
    inner join crossings
        on budget_months.budget_id = crossings.budget_id and budget_months.month_start_date = crossings.month_start_date
    inner join month_end
        on budget_months.budget_id = month_end.budget_id and budget_months.month_start_date = month_end.month_start_date
)

select * from final
