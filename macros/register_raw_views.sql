{#- On DuckDB, expose every source that has an `external_location` as a view in its source schema, so the raw
    contract can be queried as raw.<table> (and dbt unit tests can read the source's columns). On BigQuery the
    raw tables already exist and this does nothing. Called from on-run-start. -#}
{% macro register_raw_views() -%}
    {{ return(adapter.dispatch('register_raw_views')()) }}
{%- endmacro %}

{% macro default__register_raw_views() -%}
    select 1
{%- endmacro %}

{% macro duckdb__register_raw_views() -%}
    {%- if execute -%}
        {%- set statements = [] -%}
        {%- for source in graph.sources.values() if source.package_name == project_name -%}
            {%- set location = source.meta.get('external_location') -%}
            {%- if location -%}
                {%- do statements.append('create schema if not exists ' ~ source.schema) -%}
                {%- do statements.append(
                    'create or replace view ' ~ source.schema ~ '.' ~ source.identifier
                    ~ ' as select * from ' ~ location.format(name=source.identifier)
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ statements | join(';\n') if statements else 'select 1' }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
