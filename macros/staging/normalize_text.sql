{#- Lower-cased, trimmed text with empty strings as null: the key form of free-text codes. -#}
{% macro normalize_text(expression) -%}
    nullif(lower(trim({{ expression }})), '')
{%- endmacro %}

{#- An id as received, with an empty or blank one as null (it names nothing; the row is rejected as missing it). -#}
{% macro blank_as_null(expression) -%}
    case when trim(cast({{ expression }} as {{ dbt.type_string() }})) != '' then cast({{ expression }} as {{ dbt.type_string() }}) end
{%- endmacro %}
