{% macro is_valid_json(expression) -%}
    {{ return(adapter.dispatch('is_valid_json')(expression)) }}
{%- endmacro %}

{% macro default__is_valid_json(expression) -%}
    json_valid({{ expression }})
{%- endmacro %}

{% macro bigquery__is_valid_json(expression) -%}
    (safe.parse_json({{ expression }}) is not null)
{%- endmacro %}
