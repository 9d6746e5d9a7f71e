{#- The monthly review's dates, as the body of a CTE with one row: review_month (the month reviewed: var
    review_month, or the latest month whose every day has spend data), following_month (the first day after it)
    and next_review_date (the meeting that reviews the following month, on day var review_meeting_day of the
    month after it). -#}
{% macro monthly_review_dates() %}
    {%- set chosen = var('review_month', '') -%}
    select
        review_month,
        cast({{ dbt.dateadd('month', 1, 'review_month') }} as date) as following_month,
        cast(
            {{ dbt.dateadd('day', var('review_meeting_day') - 1, dbt.dateadd('month', 2, 'review_month')) }} as date
        ) as next_review_date
    from (
        {%- if chosen %}
        select cast('{{ chosen }}' as date) as review_month
        {%- else %}
        select
            cast(
                {{ dbt.dateadd('month', -1, dbt.date_trunc('month', dbt.dateadd('day', 1, 'max(spend_date)'))) }}
                as date
            ) as review_month
        from {{ ref('fct_daily_spend') }}
        {%- endif %}
    ) as chosen_month
{% endmacro %}
