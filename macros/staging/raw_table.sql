{#- The raw table `source_name`.`table_name` in the columns and types of the raw contract (its sources YAML),
    whatever the file or table holds, so no single raw value can stop a build:
    - a contract column of a compatible type passes as it is (so filters still reach the Parquet scan or the
      partitions);
    - one of another type (numbers written as text, a double in a count, a 64-bit integer in a 32-bit count) is
      converted with a safe cast, and a value that does not convert becomes null and names its column in
      `unreadable_columns` (the staging checks reject such a row as unreadable_value);
    - a column the table lacks is null;
    - a table that does not exist (BigQuery: no raw table; DuckDB: register_raw_views found no file or no row)
      is empty, with the contract's columns.
    Columns beyond the contract are left out (they stay in the raw files). In a unit test the source is the
    test's fixture, typed from the contract's view: it passes as it is. -#}
{% macro raw_table(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute or relation.type == 'cte' -%}
        {%- do return('(select *, cast(null as ' ~ dbt.type_string() ~ ') as unreadable_columns from '
            ~ relation ~ ')') -%}
    {%- endif -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set contract = node.columns.values() | list -%}
    {%- set found = {} -%}
    {%- set existing = adapter.get_relation(database=relation.database, schema=relation.schema,
        identifier=relation.identifier) -%}
    {%- if existing is not none -%}
        {%- for column in adapter.get_columns_in_relation(existing) -%}
            {%- do found.update({column.name | lower: column}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set selected = [] -%}
    {%- set unreadable = [] -%}
    {%- for column in contract -%}
        {%- set wanted = column.data_type -%}
        {%- set actual = found.get(column.name | lower) -%}
        {%- set name = adapter.quote(actual.name) if actual is not none else none -%}
        {%- if actual is none -%}
            {%- do selected.append('cast(null as ' ~ wanted ~ ') as ' ~ column.name) -%}
        {%- elif raw_type_passes(actual.dtype, column.data_type) -%}
            {%- do selected.append(name ~ ' as ' ~ column.name) -%}
        {%- elif raw_type_family(actual.dtype) == 'other' -%}
            {#- Nested or binary values convert to nothing: every present value is unreadable. -#}
            {%- do selected.append('cast(null as ' ~ wanted ~ ') as ' ~ column.name) -%}
            {%- do unreadable.append("case when " ~ name ~ " is not null then '" ~ column.name ~ " ' end") -%}
        {%- else -%}
            {%- set converted = try_cast(name, wanted) -%}
            {%- do selected.append(converted ~ ' as ' ~ column.name) -%}
            {%- do unreadable.append(
                "case when " ~ name ~ " is not null and " ~ converted ~ " is null then '" ~ column.name ~ " ' end"
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if unreadable -%}
        {%- set parts = [] -%}
        {%- for expression in unreadable -%}
            {%- do parts.append('coalesce(' ~ expression ~ ", '')") -%}
        {%- endfor -%}
        {%- do selected.append('nullif(trim(' ~ dbt.concat(parts) ~ "), '') as unreadable_columns") -%}
    {%- else -%}
        {%- do selected.append('cast(null as ' ~ dbt.type_string() ~ ') as unreadable_columns') -%}
    {%- endif -%}
    (
        select
            {{ selected | join(',\n            ') }}
        {%- if existing is not none %}
        from {{ existing }}
        {%- else %}
        from (select 1 as no_raw_table) as absent
        where 1 = 0
        {%- endif %}
    )
{%- endmacro %}

{#- The family of a warehouse column type: text, integer, wide_integer (beyond 64 bits or unsigned 64),
    narrow_integer (fits 32 bits), number, boolean, timestamp, date or other (nested, binary, ...). -#}
{% macro raw_type_family(dtype) -%}
    {%- set kind = dtype | lower | trim -%}
    {%- set base = kind.split('(')[0] | trim -%}
    {%- if base in ('varchar', 'string', 'text', 'char', 'bpchar', 'character varying', 'json') -%}
        {{ return('text') }}
    {%- elif base in ('tinyint', 'smallint', 'integer', 'int', 'int4', 'int2', 'int1', 'utinyint', 'usmallint') -%}
        {{ return('narrow_integer') }}
    {%- elif base in ('bigint', 'int8', 'int64', 'long', 'uinteger') -%}
        {{ return('integer') }}
    {%- elif base in ('hugeint', 'uhugeint', 'ubigint', 'int128') -%}
        {{ return('wide_integer') }}
    {%- elif base in ('double', 'float', 'real', 'float4', 'float8', 'float64', 'decimal', 'numeric', 'bignumeric') -%}
        {{ return('number') }}
    {%- elif base in ('boolean', 'bool') -%}
        {{ return('boolean') }}
    {%- elif base.startswith('timestamp') or base == 'datetime' -%}
        {{ return('timestamp') }}
    {%- elif base == 'date' -%}
        {{ return('date') }}
    {%- else -%}
        {{ return('other') }}
    {%- endif -%}
{%- endmacro %}

{#- Whether a raw column of warehouse type `dtype` can be read as the contract's `data_type` without a cast that
    may fail (every value converts): the same family, or a narrower integer. A 32-bit contract integer is INT64 on
    BigQuery, whose integers are all 64-bit. -#}
{% macro raw_type_passes(dtype, data_type) -%}
    {%- set family = raw_type_family(dtype) -%}
    {%- set passes = {
        'text': ['text'],
        'integer': ['integer', 'narrow_integer'],
        'narrow_integer': ['narrow_integer'] + (['integer'] if target.type == 'bigquery' else []),
        'number': ['number', 'integer', 'narrow_integer', 'wide_integer'],
        'boolean': ['boolean'],
        'timestamp': ['timestamp'],
        'date': ['date'],
    } -%}
    {{ return(family in passes.get(raw_type_family(data_type), [])) }}
{%- endmacro %}

{#- The raw contract's tables: (table, source, model counting its kept rows). Only llm_requests is required. The
    accepted calls are counted in fct_llm_requests, their one table (the staging view would check every raw row
    again). -#}
{% macro raw_contract_tables() -%}
    {{ return([
        ('llm_requests', 'telemetry', 'fct_llm_requests'),
        ('workflow_runs', 'telemetry', 'stg_telemetry__workflow_runs'),
        ('billing_focus', 'focus', 'stg_focus__billing_focus'),
        ('governance_events', 'governance', 'stg_governance__governance_events'),
        ('ai_subscriptions', 'saas', 'stg_saas__ai_subscriptions'),
    ]) }}
{%- endmacro %}

{#- One row per raw contract table: raw_table, source_name, contract_order, raw_rows (read through raw_table, so an
    absent table counts zero), kept_rows and quarantined_rows, counted now. The body of the accounting test and of
    raw_input_summary. -#}
{% macro raw_row_counts() -%}
    {%- for name, source_name, kept in raw_contract_tables() %}
        select
            '{{ name }}' as raw_table,
            '{{ source_name }}' as source_name,
            {{ loop.index }} as contract_order,
            (select count(*) from {{ ref('base_' ~ source_name ~ '__raw_' ~ name) }}) as raw_rows,
            (select count(*) from {{ ref(kept) }}) as kept_rows,
            (select count(*) from {{ ref('quarantine_' ~ name) }}) as quarantined_rows
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}
