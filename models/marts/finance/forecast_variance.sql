{#- How right each month's forecast was, once the month has closed: the forecast made as of its first day
    (horizon 1 of spend_forecast) against the actual, variance = actual - forecast, variance % = (actual -
    forecast) / forecast, absolute % error = |actual - forecast| / actual, whether the actual fell inside the
    p10-p90 range, and the mean absolute % error (MAPE) over the trailing 3 and 6 months. Beside it, a naive
    forecast (last month's actual) with the same errors, the bar the method must beat. One row per month x
    scope. -#}
with

forecasts as (
    select * from {{ ref('spend_forecast') }}
    where horizon_months = 1
),

actuals as (
    select * from {{ ref('forecast_actuals') }}
),

compared as (
    select
        forecasts.forecast_month,
        forecasts.scope_type,
        forecasts.scope_id,
        forecasts.as_of_date,
        forecasts.forecast_usd,
        forecasts.forecast_p10_usd,
        forecasts.forecast_p90_usd,
        actuals.actual_usd,
        previous.actual_usd as naive_forecast_usd,
        extract(year from forecasts.forecast_month) * 12 + extract(month from forecasts.forecast_month) as month_index
    from forecasts
    inner join actuals
        on
            forecasts.scope_type = actuals.scope_type
            and forecasts.scope_id = actuals.scope_id
            and forecasts.forecast_month = actuals.month_start_date
            and actuals.is_complete_month
    left join actuals as previous
        on
            forecasts.scope_type = previous.scope_type
            and forecasts.scope_id = previous.scope_id
            and previous.month_start_date = {{ dbt.dateadd('month', -1, 'forecasts.forecast_month') }}
            and previous.is_complete_month
),

errors as (
    select
        *,
        actual_usd - forecast_usd as variance_usd,
        (actual_usd - forecast_usd) / nullif(forecast_usd, 0) as variance_pct,
        abs(actual_usd - forecast_usd) / nullif(actual_usd, 0) as absolute_pct_error,
        abs(actual_usd - naive_forecast_usd) / nullif(actual_usd, 0) as naive_absolute_pct_error,
        actual_usd between forecast_p10_usd and forecast_p90_usd as is_within_range
    from compared
),

final as (
    select
        forecast_month,
        scope_type,
        scope_id,
        as_of_date,
        forecast_usd,
        forecast_p10_usd,
        forecast_p90_usd,
        actual_usd,
        variance_usd,
        variance_pct,
        absolute_pct_error,
        is_within_range,
        avg(absolute_pct_error) over trailing_3 as mape_3m,
        avg(absolute_pct_error) over trailing_6 as mape_6m,
        naive_forecast_usd,
        naive_absolute_pct_error,
        avg(naive_absolute_pct_error) over trailing_3 as naive_mape_3m,
        avg(naive_absolute_pct_error) over trailing_6 as naive_mape_6m
    from errors
    window
        trailing_3 as (
            partition by scope_type, scope_id order by month_index range between 2 preceding and current row
        ),
        trailing_6 as (
            partition by scope_type, scope_id order by month_index range between 5 preceding and current row
        )
)

select * from final
