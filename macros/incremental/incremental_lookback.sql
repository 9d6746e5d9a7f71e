{#- Incremental builds re-read the last var('lookback_days') days they hold, so telemetry that arrives late for
    those days is counted, and replace those days whole (delete+insert on DuckDB, insert_overwrite of the day
    partitions on BigQuery): an incremental build gives the same rows as a full refresh for every day inside
    the window. Older days only change with `dbt build --full-refresh` (also needed after a price or mapping
    seed changes). -#}

{#- First day an incremental build of {{ this }} re-reads: lookback_days before the latest `date_column` it
    holds among rows matching `where`, as a date literal. The table is queried when the model runs (dbt's
    run_query), so the filter is a constant: DuckDB skips Parquet row groups and BigQuery prunes partitions by
    it, which neither does for a subquery. An empty table gives the earliest date (read everything). -#}
{% macro incremental_lookback_start(date_column, where='true') -%}
    {{ lookback_literal(lookback_window_start(date_column), where) }}
{%- endmacro %}

{#- SQL aggregate: lookback_days before the latest `date_column` (the first day an incremental build re-reads). -#}
{% macro lookback_window_start(date_column) -%}
    {{ return(dbt.dateadd('day', -1 * var('lookback_days'), 'max(' ~ date_column ~ ')')) }}
{%- endmacro %}

{#- First month an incremental build of a month-grain {{ this }} recomputes, as a date literal: the month of the
    first day its `upstreams` may have changed since it was last built. `upstreams` is a list of (relation, day
    column) pairs: day tables stamped with built_at (fct_llm_requests, fct_workflow_runs). A day table's
    incremental build replaces days from its window on and leaves earlier days untouched, so for each upstream
    the first changed day is the earlier of its first row written after this model's latest built_at and the
    day after its last row written no later than it (a window day left with no rows shows only the second, a
    window day left with its old rows only the first). Everything (the earliest date) when this model or an
    upstream holds no row written before this model's latest build. On a day mid-month this is the current month
    alone; in the first lookback_days days of a month the month before too. -#}
{% macro changed_months_start(upstreams) -%}
    {%- set first_month = none -%}
    {%- if execute and is_incremental() -%}
        {%- set query -%}
            with

            last_build as (
                select max(built_at) as built_at from {{ this }}
            ),

            upstream_days as (
                {%- for relation, day_column in upstreams %}
                    select
                        min(case when upstream.built_at > last_build.built_at then upstream.{{ day_column }} end)
                            as first_new_day,
                        cast({{ dbt.dateadd(
                            'day', 1,
                            'max(case when upstream.built_at <= last_build.built_at then upstream.'
                            ~ day_column ~ ' end)'
                        ) }} as date) as day_after_last_kept
                    from {{ relation }} as upstream
                    cross join last_build
                    {%- if not loop.last %}
                        union all
                    {%- endif %}
                {%- endfor %}
            ),

            changed as (
                select least(coalesce(first_new_day, day_after_last_kept), day_after_last_kept) as first_changed_day
                from upstream_days
            )

            select
                case
                    when count(first_changed_day) = count(*)
                        then cast({{ dbt.date_trunc('month', 'min(first_changed_day)') }} as date)
                end
            from changed
        {%- endset -%}
        {%- set first_month = queried_days(query)[0] -%}
    {%- endif -%}
    {{ date_literal(first_month) }}
{%- endmacro %}

{#- First day an incremental build of the model named `model_name` re-reads (as incremental_lookback_start on
    `day_column`), read from its table as it stands now, as a date literal: for a model that runs before it in
    the same build and must see the same window (a ref would make a cycle). The earliest date when the table
    does not exist or is empty. -#}
{% macro other_model_lookback_start(model_name, day_column) -%}
    {%- set first_day = none -%}
    {%- if execute -%}
        {%- set node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
            | selectattr('name', 'equalto', model_name) | first -%}
        {%- if not node -%}
            {{ exceptions.raise_compiler_error("other_model_lookback_start: no model named " ~ model_name) }}
        {%- endif -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if relation is not none -%}
            {%- set first_day = lookback_day(lookback_window_start(day_column), 'true', relation) -%}
        {%- endif -%}
    {%- endif -%}
    {{ date_literal(first_day) }}
{%- endmacro %}

{#- `day_expression` (an aggregate over {{ this }}'s rows matching `where`) read when the model runs, as a date
    literal; the earliest date outside incremental builds or when it is null. -#}
{% macro lookback_literal(day_expression, where='true') -%}
    {%- set first_day = lookback_day(day_expression, where, this) if is_incremental() else none -%}
    {{ date_literal(first_day) }}
{%- endmacro %}

{#- `day_expression` (an aggregate over the rows of `relation` matching `where`) read now, as an ISO date string;
    none before execution or when it is null. -#}
{% macro lookback_day(day_expression, where, relation) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        select cast({{ day_expression }} as date)
        from {{ relation }}
        where {{ where }}
    {%- endset -%}
    {{ return(queried_days(query)[0]) }}
{%- endmacro %}

{#- The first row of a query whose columns are dates, read now: one ISO date string (or none) per column. -#}
{% macro queried_days(query) -%}
    {%- set days = [] -%}
    {%- for day in run_query(query).rows[0] -%}
        {%- do days.append(day | string if day is not none else none) -%}
    {%- endfor -%}
    {{ return(days) }}
{%- endmacro %}

{#- A date literal of an ISO date string; the earliest date for none (read everything). -#}
{% macro date_literal(iso_day) -%}
    cast('{{ iso_day or "0001-01-01" }}' as date)
{%- endmacro %}

{#- The day partition of a row of a raw-checked model: its UTC date, or a fixed early date for rows without a
    timestamp (they are rejected, re-read by every build and kept in one partition of their own). -#}
{% macro day_partition(timestamp_column) -%}
    coalesce(cast({{ timestamp_column }} as date), {{ undated_partition() }})
{%- endmacro %}

{% macro undated_partition() -%}
    cast('1900-01-01' as date)
{%- endmacro %}

{#- partition_by config of a model partitioned by day or month: a BigQuery date partition on `field` at
    `granularity`; none elsewhere (DuckDB replaces days or months by deleting on the unique_key, and dbt-duckdb
    reads partition_by as a list). -#}
{% macro date_partitioning(field, granularity='day') -%}
    {{ return(adapter.dispatch('date_partitioning')(field, granularity)) }}
{%- endmacro %}

{% macro default__date_partitioning(field, granularity) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro bigquery__date_partitioning(field, granularity) -%}
    {{ return({'field': field, 'data_type': 'date', 'granularity': granularity}) }}
{%- endmacro %}

{#- The raw rows an incremental build of a raw-checked model re-reads: undated ones, those of the undated
    partition's day or earlier, and those from `lookback_start` on. Comparing the timestamp itself with
    constants lets DuckDB skip Parquet row groups and BigQuery prune partitions. -#}
{% macro incremental_raw_rows(timestamp_column, lookback_start) -%}
    {{ timestamp_column }} is null
    or {{ timestamp_column }} < cast({{ dbt.dateadd('day', 1, undated_partition()) }} as {{ dbt.type_timestamp() }})
    or {{ timestamp_column }} >= cast({{ lookback_start }} as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- Configures the calling model as incremental by day: whole days replaced (the day column is DuckDB's delete
    key and BigQuery's day partition), clustered by `cluster_by` on BigQuery, failing on a schema change (run
    --full-refresh then). -#}
{% macro incremental_by_day(day_column, cluster_by) -%}
    {{ incremental_by_period(day_column, 'day', cluster_by) }}
{%- endmacro %}

{#- The same for a month-grain model: whole months replaced, recomputed from changed_months_start. -#}
{% macro incremental_by_month(month_column, cluster_by) -%}
    {{ incremental_by_period(month_column, 'month', cluster_by) }}
{%- endmacro %}

{% macro incremental_by_period(period_column, granularity, cluster_by) -%}
    {{ config(
        materialized='incremental',
        unique_key=period_column,
        partition_by=date_partitioning(period_column, granularity),
        cluster_by=cluster_by,
        on_schema_change='fail'
    ) }}
{%- endmacro %}

{#- First day an incremental build of a raw-checked table (*_checked) re-reads: lookback_days before its latest
    dated row, leaving out the undated partition and rows rejected as future-dated (one far-future row must not
    move the window past the days still arriving). -#}
{% macro checked_rows_lookback_start() -%}
    {{ return(incremental_lookback_start('partition_date', dated_rows_where('invalid_reason'))) }}
{%- endmacro %}

{#- The rows of a raw-checked or quarantine model that set its window: dated, and not rejected as future-dated. -#}
{% macro dated_rows_where(reason_column) -%}
    {{ return('partition_date > ' ~ undated_partition() ~ ' and coalesce(' ~ reason_column ~ ", '') != 'future_timestamp'") }}
{%- endmacro %}

{#- First day an incremental build of a quarantine model re-reads, as a date literal: the earliest of
    lookback_days before its own latest dated row (as checked_rows_lookback_start), the first day `facts` (the
    request or run facts, built before it from the same raw rows) rewrote in their latest build, and the day after
    the latest day they kept from before it. The facts replaced every day from their window on that still has a
    kept call, so the first rewritten day is their window's first day, unless that day kept no call: then the day
    after the last day left untouched is. Everything when the facts are empty. A quarantine often holds no recent
    rows (clean days reject nothing), so its own rows alone would send it back to the first day. -#}
{% macro quarantine_lookback_start(facts, facts_day_column) -%}
    {%- set days = [] -%}
    {%- if execute and is_incremental() -%}
        {%- set own = lookback_day(
            lookback_window_start('partition_date'),
            dated_rows_where('rejection_reason'),
            this
        ) -%}
        {%- set query -%}
            select
                cast(min(case when facts.built_at = latest.built_at then facts.{{ facts_day_column }} end) as date),
                cast({{ dbt.dateadd(
                    'day', 1, 'max(case when facts.built_at < latest.built_at then facts.' ~ facts_day_column ~ ' end)'
                ) }} as date)
            from {{ facts }} as facts
            cross join (select max(built_at) as built_at from {{ facts }}) as latest
        {%- endset -%}
        {%- set rewritten, after_kept = queried_days(query) -%}
        {#- Facts without rows: read everything. -#}
        {%- set days = [own, rewritten, after_kept] | reject('none') | list if rewritten is not none else [] -%}
    {%- endif -%}
    {{ date_literal(days | min if days else none) }}
{%- endmacro %}
