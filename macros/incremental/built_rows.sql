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
    column and was selected (so it was built earlier in this invocation; a failed model skips its tests).
    dbt calls it where the project's macros are in scope only through the project's name. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- if config.get('where') -%}
        {%- do conditions.append('(' ~ config.get('where') ~ ')') -%}
    {%- endif -%}
    {%- set tested = model.get('attached_node') if model is mapping else none -%}
    {%- if execute and flags.WHICH == 'build' and tested and tested in selected_resources
        and tested in graph.nodes and 'built_at' in graph.nodes[tested].columns -%}
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
