{#- The scopes per-request telemetry covers: one row per provider (resolved as the calls' is), UTC day, API key
    scope and project scope with at least one per-request call ('' scopes stand for "any key", "any project").
    An aggregate row (a usage report's bucket) whose provider, day, key and project fall in one of them is the
    same traffic as those calls, so checked_llm_requests quarantines it as aggregate_covered_by_requests. -#}
{{ config(materialized='table') }}

with

raw_calls as (
    select
        coalesce(cast(provider as {{ dbt.type_string() }}), '') as provider_join_key,
        coalesce(cast(coalesce(response_model, request_model) as {{ dbt.type_string() }}), '') as model_join_key,
        coalesce(cast(usage_source as {{ dbt.type_string() }}), '') as usage_source_join_key,
        cast(cast(started_at as {{ dbt.type_timestamp() }}) as date) as usage_date,
        coalesce(cast(api_key_id as {{ dbt.type_string() }}), '') as api_key_id,
        coalesce({{ normalize_text('project') }}, '') as project_id
    from {{ raw_table('telemetry', 'llm_requests') }} as raw_calls
    where
        started_at is not null
        and coalesce({{ normalize_text('fidelity') }}, 'request') = 'request'
),

distinct_calls as (
    select distinct
        provider_join_key,
        model_join_key,
        usage_source_join_key,
        usage_date,
        api_key_id,
        project_id
    from raw_calls
),

model_matches as (
    select * from {{ ref('base_telemetry__model_matches') }}
),

covered as (
    select distinct
        model_matches.provider,
        distinct_calls.usage_date,
        distinct_calls.api_key_id,
        distinct_calls.project_id
    from distinct_calls
    inner join model_matches
        on
            distinct_calls.provider_join_key = model_matches.provider_join_key
            and distinct_calls.model_join_key = model_matches.model_join_key
            and distinct_calls.usage_source_join_key = model_matches.usage_source_join_key
    where model_matches.provider is not null
),

scopes as (
    select provider, usage_date, api_key_id as api_key_scope, project_id as project_scope from covered
    union distinct
    select provider, usage_date, '' as api_key_scope, project_id as project_scope from covered
    union distinct
    select provider, usage_date, api_key_id as api_key_scope, '' as project_scope from covered
    union distinct
    select provider, usage_date, '' as api_key_scope, '' as project_scope from covered
)

select * from scopes
