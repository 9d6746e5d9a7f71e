{#- Monthly model-spend forecasts per scope (company, department, team, provider, workflow), each made as of
    the first day of a month from data before it only (forecast_run_rates): every month with a whole window
    of history gets the forecast made as of its own first day (horizon 1, the backtest), and the latest as-of
    date also forecasts the two months after (the forward view).

    baseline = (weekday daily mean x weekdays in the month + weekend daily mean x weekend days)
               x growth, where growth = the company's window growth factor ^ (days from the window's middle
               to the month's middle / window days);
    forecast = baseline x (1 + sum over roadmap steps in force of share x (multiplier - 1));
    scenario = baseline x (1 + the same sum over roadmap steps, pricing scenarios and routing changes).
    The p10-p90 range is +-1.2816 standard deviations of the month's total, combining the window's day-to-day
    variance (weekday and weekend apart) with the scope's own track record: the root mean square relative error
    of its earlier forecasts for months that ended before the as-of date (`forecast_default_relative_error`
    until two such months exist), widened by the square root of the horizon. One row per forecast month x
    scope. -#}
{%- set window_days = var('forecast_window_days') %}

with

run_rates as (
    select * from {{ ref('forecast_run_rates') }}
),

driver_shares as (
    select * from {{ ref('forecast_driver_shares') }}
),

drivers as (
    select * from {{ ref('forecast_drivers') }}
),

dates as (
    select * from {{ ref('dim_dates') }}
),

actuals as (
    select * from {{ ref('forecast_actuals') }}
),

month_calendar as (
    select
        month_start_date,
        count(*) as days_in_month,
        {{ count_if('not is_weekend') }} as weekdays,
        {{ count_if('is_weekend') }} as weekend_days
    from dates
    group by 1
),

company_growth as (
    -- The trend is the company's: a team's or workflow's own four-week ratio swings with a few long runs (on the
    -- demo it doubled their forecast errors), while the company's is the steadier signal of adoption.
    select
        as_of_date,
        window_growth_factor as company_growth_factor
    from run_rates
    where scope_type = 'company'
),

latest_as_of as (
    select max(as_of_date) as as_of_date
    from run_rates
),

targets as (
    {%- for offset in range(3) %}
        select
            run_rates.as_of_date,
            run_rates.scope_type,
            run_rates.scope_id,
            cast({{ dbt.dateadd('month', offset, 'run_rates.as_of_date') }} as date) as forecast_month,
            cast({{ offset + 1 }} as {{ dbt.type_bigint() }}) as horizon_months,
            run_rates.as_of_date = latest_as_of.as_of_date as is_forward
        from run_rates
        inner join latest_as_of
            -- the as-of month from every as-of date; the two months after from the latest one only
            on {% if offset > 0 %}run_rates.as_of_date = latest_as_of.as_of_date{% else %}true{% endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

driver_effects as (
    select
        targets.as_of_date,
        targets.scope_type,
        targets.scope_id,
        targets.forecast_month,
        sum(
            case
                when drivers.driver_type = 'roadmap_step' then driver_shares.driver_share * (drivers.multiplier - 1)
            end
        ) as roadmap_effect,
        sum(driver_shares.driver_share * (drivers.multiplier - 1)) as scenario_effect
    from targets
    inner join driver_shares
        on
            targets.as_of_date = driver_shares.as_of_date
            and targets.scope_type = driver_shares.scope_type
            and targets.scope_id = driver_shares.scope_id
    inner join drivers
        on
            driver_shares.driver_id = drivers.driver_id
            and cast(drivers.effective_month as date) <= targets.forecast_month
    group by 1, 2, 3, 4
),

baselines as (
    select
        targets.forecast_month,
        targets.scope_type,
        targets.scope_id,
        targets.as_of_date,
        run_rates.data_through_date,
        targets.horizon_months,
        targets.is_forward,
        run_rates.window_spend_usd,
        run_rates.trailing_daily_mean_usd,
        run_rates.weekday_daily_mean_usd,
        run_rates.weekend_daily_mean_usd,
        run_rates.window_growth_factor,
        company_growth.company_growth_factor,
        power(
            company_growth.company_growth_factor,
            (
                {{ window_days / 2 }}
                + {{ dbt.datediff('targets.as_of_date', 'targets.forecast_month', 'day') }}
                + month_calendar.days_in_month / 2.0
            ) / {{ window_days }}
        ) as growth_multiplier,
        run_rates.weekday_daily_mean_usd * month_calendar.weekdays
        + run_rates.weekend_daily_mean_usd * month_calendar.weekend_days as run_rate_month_usd,
        sqrt(
            run_rates.weekday_daily_variance * month_calendar.weekdays
            + run_rates.weekend_daily_variance * month_calendar.weekend_days
        ) * sqrt(targets.horizon_months) as run_rate_month_stddev_usd,
        coalesce(driver_effects.roadmap_effect, 0) as roadmap_effect,
        coalesce(driver_effects.scenario_effect, 0) as scenario_effect
    from targets
    inner join run_rates
        on
            targets.as_of_date = run_rates.as_of_date
            and targets.scope_type = run_rates.scope_type
            and targets.scope_id = run_rates.scope_id
    inner join month_calendar
        on targets.forecast_month = month_calendar.month_start_date
    inner join company_growth
        on targets.as_of_date = company_growth.as_of_date
    left join driver_effects
        on
            targets.as_of_date = driver_effects.as_of_date
            and targets.scope_type = driver_effects.scope_type
            and targets.scope_id = driver_effects.scope_id
            and targets.forecast_month = driver_effects.forecast_month
),

points as (
    select
        *,
        run_rate_month_usd * growth_multiplier * (1 + roadmap_effect) as forecast_usd,
        run_rate_month_stddev_usd * growth_multiplier * (1 + roadmap_effect) as day_to_day_stddev_usd
    from baselines
),

track_record as (
    -- Errors of the scope's own earlier forecasts (horizon 1) for months that ended before this as-of date.
    select
        points.as_of_date,
        points.scope_type,
        points.scope_id,
        count(*) as past_forecasts,
        sqrt(
            avg(
                (actuals.actual_usd - earlier.forecast_usd) / earlier.forecast_usd
                * (actuals.actual_usd - earlier.forecast_usd) / earlier.forecast_usd
            )
        ) as relative_error
    from points
    inner join points as earlier
        on
            points.scope_type = earlier.scope_type
            and points.scope_id = earlier.scope_id
            and earlier.horizon_months = 1
            and points.as_of_date > earlier.forecast_month
            and earlier.forecast_usd > 0
    inner join actuals
        on
            earlier.scope_type = actuals.scope_type
            and earlier.scope_id = actuals.scope_id
            and earlier.forecast_month = actuals.month_start_date
            and actuals.is_complete_month
    group by 1, 2, 3
),

ranged as (
    select
        points.*,
        case
            when track_record.past_forecasts >= 2 then track_record.relative_error
            else {{ var('forecast_default_relative_error') }}
        end as relative_error,
        sqrt(
            points.day_to_day_stddev_usd * points.day_to_day_stddev_usd
            + points.forecast_usd * points.forecast_usd
            * case
                when track_record.past_forecasts >= 2 then track_record.relative_error * track_record.relative_error
                else {{ var('forecast_default_relative_error') }} * {{ var('forecast_default_relative_error') }}
            end
        ) * sqrt(points.horizon_months) as forecast_stddev_usd
    from points
    left join track_record
        on
            points.as_of_date = track_record.as_of_date
            and points.scope_type = track_record.scope_type
            and points.scope_id = track_record.scope_id
),

final as (
    select
        forecast_month,
        scope_type,
        scope_id,
        as_of_date,
        data_through_date,
        horizon_months,
        is_forward,
        window_spend_usd,
        trailing_daily_mean_usd,
        weekday_daily_mean_usd,
        weekend_daily_mean_usd,
        window_growth_factor,
        company_growth_factor,
        growth_multiplier,
        run_rate_month_usd * growth_multiplier as baseline_forecast_usd,
        1 + roadmap_effect as roadmap_factor,
        forecast_usd,
        greatest(forecast_usd - 1.2816 * forecast_stddev_usd, 0) as forecast_p10_usd,
        forecast_usd + 1.2816 * forecast_stddev_usd as forecast_p90_usd,
        relative_error as expected_relative_error,
        1 + scenario_effect as scenario_factor,
        run_rate_month_usd * growth_multiplier * (1 + scenario_effect) as scenario_forecast_usd,
        run_rate_month_usd * growth_multiplier * (scenario_effect - roadmap_effect) as scenario_delta_usd
    from ranged
)

select * from final
