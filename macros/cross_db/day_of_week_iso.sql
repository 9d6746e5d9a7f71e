{#- ISO day of week: 1 = Monday ... 7 = Sunday. -#}
{% macro day_of_week_iso(expression) -%}
    {{ return(adapter.dispatch('day_of_week_iso')(expression)) }}
{%- endmacro %}

{% macro default__day_of_week_iso(expression) -%}
    isodow({{ expression }})
{%- endmacro %}

{% macro bigquery__day_of_week_iso(expression) -%}
    mod(extract(dayofweek from {{ expression }}) + 5, 7) + 1
{%- endmacro %}
