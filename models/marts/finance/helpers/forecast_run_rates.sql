{#- What each forecast may know, as of the first day of every month from the first with a whole window of
    history up to the day after the last day with data: for each scope (company, department, team, provider,
    workflow) the spend of the `forecast_window_days` before that day (whole weeks, so the weekday mix is exact)
    split into weekday and weekend daily means and variances (quiet days count as zero; the largest day of each
    kind winsorised to the second largest), and the spend of the window before it, for the growth factor.
    Nothing on or after the as-of day is read. One row per as-of date x scope. -#}
{%- set window_days = var('forecast_window_days') %}

with

daily_spend as (
    select * from {{ ref('spend_daily_by_scope') }}
    where scope_type in ('company', 'department', 'team', 'provider', 'workflow')
),

dates as (
    select * from {{ ref('dim_dates') }}
),

data_bounds as (
    select
        min(spend_date) as first_day,
        max(spend_date) as last_day
    from daily_spend
    where scope_type = 'company'
),

as_of_dates as (
    select
        dates.date_day as as_of_date,
        dates.date_day >= {{ dbt.dateadd('day', 2 * window_days, 'data_bounds.first_day') }} as has_growth_history
    from dates
    cross join data_bounds
    where
        dates.date_day = dates.month_start_date
        and dates.date_day >= {{ dbt.dateadd('day', window_days, 'data_bounds.first_day') }}
        and dates.date_day <= {{ dbt.dateadd('day', 1, 'data_bounds.last_day') }}
),

scopes as (
    select
        scope_type,
        scope_id,
        min(spend_date) as first_spend_date
    from daily_spend
    group by 1, 2
),

window_calendar as (
    select
        as_of_dates.as_of_date,
        {{ count_if('not dates.is_weekend') }} as weekdays,
        {{ count_if('dates.is_weekend') }} as weekend_days
    from as_of_dates
    inner join dates
        on
            dates.date_day >= {{ dbt.dateadd('day', -window_days, 'as_of_dates.as_of_date') }}
            and as_of_dates.as_of_date > dates.date_day
    group by 1
),

history as (
    select
        as_of_dates.as_of_date,
        daily_spend.scope_type,
        daily_spend.scope_id,
        daily_spend.spend_usd,
        dates.is_weekend,
        daily_spend.spend_date >= {{ dbt.dateadd('day', -window_days, 'as_of_dates.as_of_date') }} as is_in_window
    from as_of_dates
    inner join daily_spend
        on
            daily_spend.spend_date >= {{ dbt.dateadd('day', -2 * window_days, 'as_of_dates.as_of_date') }}
            and as_of_dates.as_of_date > daily_spend.spend_date
    inner join dates
        on daily_spend.spend_date = dates.date_day
),

ranked_history as (
    select
        *,
        row_number() over (
            partition by as_of_date, scope_type, scope_id, is_in_window, is_weekend order by spend_usd desc
        ) as spend_rank,
        count(*) over (partition by as_of_date, scope_type, scope_id, is_in_window, is_weekend) as active_days
    from history
),

winsorised_history as (
    -- In a dense series (at least `forecast_min_active_days` days with spend of one kind in one window), the
    -- largest day counts as the second largest: a one-off such as a runaway agent loop must not become the run
    -- rate (or the growth) of a whole month.
    select
        *,
        case
            when spend_rank = 1 and active_days >= {{ var('forecast_min_active_days') }}
                then
                    max(case when spend_rank = 2 then spend_usd end) over (
                        partition by as_of_date, scope_type, scope_id, is_in_window, is_weekend
                    )
            else spend_usd
        end as run_rate_spend_usd
    from ranked_history
),

window_spend as (
    select
        as_of_date,
        scope_type,
        scope_id,
        sum(case when is_in_window then spend_usd else 0 end) as window_actual_spend_usd,
        sum(case when is_in_window and not is_weekend then run_rate_spend_usd else 0 end) as weekday_spend_usd,
        sum(case when is_in_window and is_weekend then run_rate_spend_usd else 0 end) as weekend_spend_usd,
        sum(case when is_in_window and not is_weekend then run_rate_spend_usd * run_rate_spend_usd else 0 end)
            as weekday_spend_squared,
        sum(case when is_in_window and is_weekend then run_rate_spend_usd * run_rate_spend_usd else 0 end)
            as weekend_spend_squared,
        sum(case when not is_in_window then run_rate_spend_usd else 0 end) as previous_window_spend_usd
    from winsorised_history
    group by 1, 2, 3
),

run_rates as (
    select
        as_of_dates.as_of_date,
        as_of_dates.has_growth_history,
        scopes.scope_type,
        scopes.scope_id,
        window_calendar.weekdays,
        window_calendar.weekend_days,
        coalesce(window_spend.window_actual_spend_usd, 0) as window_actual_spend_usd,
        coalesce(window_spend.weekday_spend_usd, 0) + coalesce(window_spend.weekend_spend_usd, 0)
            as window_spend_usd,
        coalesce(window_spend.previous_window_spend_usd, 0) as previous_window_spend_usd,
        coalesce(window_spend.weekday_spend_usd, 0) / window_calendar.weekdays as weekday_daily_mean_usd,
        coalesce(window_spend.weekend_spend_usd, 0) / window_calendar.weekend_days as weekend_daily_mean_usd,
        coalesce(window_spend.weekday_spend_squared, 0) / window_calendar.weekdays as weekday_mean_square,
        coalesce(window_spend.weekend_spend_squared, 0) / window_calendar.weekend_days as weekend_mean_square
    from as_of_dates
    inner join window_calendar
        on as_of_dates.as_of_date = window_calendar.as_of_date
    inner join scopes
        on as_of_dates.as_of_date > scopes.first_spend_date
    left join window_spend
        on
            as_of_dates.as_of_date = window_spend.as_of_date
            and scopes.scope_type = window_spend.scope_type
            and scopes.scope_id = window_spend.scope_id
),

final as (
    select
        as_of_date,
        cast({{ dbt.dateadd('day', -1, 'as_of_date') }} as date) as data_through_date,
        scope_type,
        scope_id,
        window_actual_spend_usd,
        window_spend_usd,
        window_actual_spend_usd / (weekdays + weekend_days) as trailing_daily_mean_usd,
        weekday_daily_mean_usd,
        weekend_daily_mean_usd,
        greatest(weekday_mean_square - weekday_daily_mean_usd * weekday_daily_mean_usd, 0) as weekday_daily_variance,
        greatest(weekend_mean_square - weekend_daily_mean_usd * weekend_daily_mean_usd, 0) as weekend_daily_variance,
        previous_window_spend_usd,
        case
            when has_growth_history and previous_window_spend_usd > 0 and window_spend_usd > 0
                then
                    least(
                        greatest(window_spend_usd / previous_window_spend_usd, {{ var('forecast_growth_floor') }}),
                        {{ var('forecast_growth_cap') }}
                    )
            else 1.0
        end as window_growth_factor
    from run_rates
)

select * from final
