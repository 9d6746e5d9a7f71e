{#- True when a floating point value is neither NaN nor infinite (null stays null). -#}
{% macro is_finite(expression) -%}
    {{ return(adapter.dispatch('is_finite')(expression)) }}
{%- endmacro %}

{% macro default__is_finite(expression) -%}
    isfinite({{ expression }})
{%- endmacro %}

{% macro bigquery__is_finite(expression) -%}
    (not is_nan({{ expression }}) and not is_inf({{ expression }}))
{%- endmacro %}
