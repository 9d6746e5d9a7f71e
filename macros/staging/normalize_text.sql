{#- Lower-cased, trimmed text with empty strings as null: the key form of free-text codes. -#}
{% macro normalize_text(expression) -%}
    nullif(lower(trim({{ expression }})), '')
{%- endmacro %}
