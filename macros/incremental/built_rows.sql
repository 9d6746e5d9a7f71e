{#- Rows written by this build. Large incremental models carry built_at, the start of the dbt invocation that
    wrote the row (views over them pass it on). In a `dbt build` that built such a model, its data tests check
    only the rows that build wrote: every row after a full refresh or a first build, the re-read days after an
    incremental one (older rows were tested by the build that wrote them). `dbt test`, and a build that did not
    select the model, test every row. -#}

{#- The start of this dbt invocation as a UTC timestamp literal (the same in every model of a build). -#}
{% macro build_started_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- dbt's get_where_subquery (the relation a generic test reads, filtered by the test's `where` config), also
    filtered to the rows this build wrote in a `dbt build` when the model the test is attached to has a built_at
    column and the tables that stamp it were selected (so they were built earlier in this invocation; a failed
    model skips its tests): the model itself, or for a view the nearest tables with built_at it reads (see
    built_at_tables). dbt calls it where the project's macros are in scope only through the project's name. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- if config.get('where') -%}
        {%- do conditions.append('(' ~ config.get('where') ~ ')') -%}
    {%- endif -%}
    {%- set tested = model.get('attached_node') if model is mapping else none -%}
    {%- set stamping = ai_finops.built_at_tables(tested) if execute and flags.WHICH == 'build' and tested else [] -%}
    {%- if stamping and stamping | reject('in', selected_resources) | list | length == 0 -%}
        {%- do conditions.append('built_at = ' ~ ai_finops.build_started_at()) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{#- The tables whose build stamps the built_at of the rows of model `unique_id`: the model itself when it is a
    table with a built_at column; for a view with one, the nearest tables with built_at it reads through other
    views (a view's rows are as new as those tables' rows: a build of the view alone rebuilds none of them, so its
    tests read every row). Empty when the model has no built_at column or a view reads no such table. -#}
{% macro built_at_tables(unique_id) -%}
    {%- set node = graph.nodes.get(unique_id) -%}
    {%- set tables = [] -%}
    {%- if node and node.resource_type == 'model' and 'built_at' in node.columns -%}
        {%- if node.config.materialized != 'view' -%}
            {%- do tables.append(unique_id) -%}
        {%- else -%}
            {%- do tables.extend(ai_finops.built_at_ancestors(node)) -%}
        {%- endif -%}
    {%- endif -%}
    {{ return(tables) }}
{%- endmacro %}

{#- The nearest non-view models with a built_at column that view `node` reads, through views whatever their
    documented columns (a view passes built_at on without documenting it). -#}
{% macro built_at_ancestors(node) -%}
    {%- set tables = [] -%}
    {%- for parent_id in node.depends_on.nodes if parent_id.startswith('model.') -%}
        {%- set parent = graph.nodes[parent_id] -%}
        {%- if parent.config.materialized == 'view' -%}
            {%- do tables.extend(ai_finops.built_at_ancestors(parent)) -%}
        {%- elif 'built_at' in parent.columns -%}
            {%- do tables.append(parent_id) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(tables) }}
{%- endmacro %}
