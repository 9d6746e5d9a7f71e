{#- Median of an expression, as an aggregate. -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro bigquery__median(expression) -%}
    approx_quantiles({{ expression }}, 100)[offset(50)]
{%- endmacro %}
