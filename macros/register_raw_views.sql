{#- On DuckDB, expose every source that has `raw_files` (a glob of the raw contract's Parquet files) as a view in
    its source schema, so the raw contract can be queried as raw.<table> and dbt unit tests can read the source's
    columns; an optional contract column the files lack is a null column of the view. A table with no file, or
    whose files hold no row, is an empty view with the contract's columns
    (only llm_requests is required: the marts of an absent table are empty, not missing); raw_table reads the
    views in the contract's types. On BigQuery the raw tables exist already (or are absent, which raw_table
    handles) and this does nothing. Called from on-run-start. -#}
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
            {%- set files = source.meta.get('raw_files') -%}
            {%- if files -%}
                {%- set pattern = files.format(name=source.identifier) -%}
                {%- do statements.append('create schema if not exists ' ~ source.schema) -%}
                {%- if raw_file_rows(pattern) > 0 -%}
                    {%- set reader = "read_parquet('" ~ pattern ~ "', union_by_name = true)" -%}
                    {%- set present = run_query(
                        "select column_name from (describe select * from " ~ reader ~ ")"
                    ).columns[0].values() | map('lower') | list -%}
                    {%- set absent = [] -%}
                    {%- for column in source.columns.values() if column.name | lower not in present -%}
                        {%- do absent.append(', cast(null as ' ~ column.data_type ~ ') as ' ~ column.name) -%}
                    {%- endfor -%}
                    {%- set body = "select *" ~ absent | join('') ~ " from " ~ reader -%}
                {%- else -%}
                    {%- set columns = [] -%}
                    {%- for column in source.columns.values() -%}
                        {%- do columns.append('cast(null as ' ~ column.data_type ~ ') as ' ~ column.name) -%}
                    {%- endfor -%}
                    {%- set body = 'select ' ~ columns | join(', ') ~ ' where 1 = 0' -%}
                {%- endif -%}
                {%- do statements.append(
                    'create or replace view ' ~ source.schema ~ '.' ~ source.identifier ~ ' as ' ~ body
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ statements | join(';\n') if statements else 'select 1' }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- Rows in the Parquet files matching `pattern` (0 when there is none), from their footers. -#}
{% macro raw_file_rows(pattern) -%}
    {%- set found = run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ return(0) }}
    {%- endif -%}
    {%- set rows = run_query(
        "select coalesce(sum(num_rows), 0) from parquet_file_metadata('" ~ pattern ~ "')"
    ).columns[0].values()[0] -%}
    {{ return(rows | int) }}
{%- endmacro %}
