{#- ISO day of week: 1 = Monday ... 7 = Sunday. -#}
{% macro day_of_week_iso(expression) -%}
    {{ return(adapter.dispatch('day_of_week_iso')(expression)) }}
{%- endmacro %}

{% macro default__day_of_week_iso(expression) -%}
    isodow({{ expression }})
{%- endmacro %}

{#- %u is the ISO weekday (1 = Monday); EXTRACT(DAYOFWEEK) counts from Sunday = 1, and its arithmetic does
    not survive translation to other dialects (sqlglot keeps DAYOFWEEK, which counts from Sunday = 0 in DuckDB). -#}
{% macro bigquery__day_of_week_iso(expression) -%}
    cast(format_date('%u', {{ expression }}) as int64)
{%- endmacro %}
