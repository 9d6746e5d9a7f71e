{#- Monday of the ISO week of a date. dbt.date_trunc('week', ...) is not portable: DuckDB truncates to Monday,
    BigQuery's WEEK to Sunday (found by running the BigQuery SQL translated to DuckDB). -#}
{% macro iso_week_start(expression) -%}
    {{ return(adapter.dispatch('iso_week_start')(expression)) }}
{%- endmacro %}

{% macro default__iso_week_start(expression) -%}
    cast(date_trunc('week', {{ expression }}) as date)
{%- endmacro %}

{% macro bigquery__iso_week_start(expression) -%}
    cast(date_trunc({{ expression }}, isoweek) as date)
{%- endmacro %}
