{#- A cast that gives null where the value does not convert, instead of failing the query (dbt.safe_cast is a
    plain cast on DuckDB). DuckDB `try_cast`, BigQuery `safe_cast`. -#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro bigquery__try_cast(expression, data_type) -%}
    safe_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
