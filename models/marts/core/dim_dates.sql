{#- Calendar from the first day of the earliest month with telemetry or billing to the last day of the year
    after the latest one, so forecasts have dates to land on. -#}
with

requests as (
    select * from {{ ref('fct_llm_requests') }}
),

billing_lines as (
    select * from {{ ref('stg_focus__billing_focus') }}
),

bounds as (
    select
        {{ dbt.date_trunc('month', 'min(first_day)') }} as first_date,
        max(last_day) as last_date
    from (
        select
            min(started_date) as first_day,
            max(started_date) as last_day
        from requests
        union all
        select
            min(charge_date) as first_day,
            max(charge_date) as last_day
        from billing_lines
    ) as observed
),

spine as (
    {{ date_spine(
        'bounds.first_date',
        dbt.dateadd('day', -1, dbt.dateadd('year', 2, dbt.date_trunc('year', 'bounds.last_date'))),
        'bounds'
    ) }}
),

final as (
    select
        cast(date_day as date) as date_day,
        {{ dbt.datediff("cast('1970-01-01' as date)", 'date_day', 'day') }}
            as day_number,
        {{ iso_week_start('date_day') }} as week_start_date,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
        extract(year from date_day) as calendar_year,
        extract(month from date_day) as calendar_month,
        {{ day_of_week_iso('date_day') }} as iso_day_of_week,
        {{ day_of_week_iso('date_day') }} >= 6 as is_weekend,
        extract(day from {{ dbt.last_day('date_day', 'month') }}) as days_in_month
    from spine
)

select * from final
