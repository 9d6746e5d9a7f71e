{#- The scopes of aggregate rows (usage-report buckets) that per-request telemetry covers: one row per provider
    (as resolved for the calls), UTC day, API key and project of an aggregate row ('' where the row names none)
    for which a per-request call of the same provider and day exists whose key and project agree with it (a
    side that names no key or project agrees with any). Such an aggregate row is the same traffic as those calls
    (or cannot be told apart from it), so checked_llm_requests quarantines it as aggregate_covered_by_requests. -#}
{{ config(materialized='table') }}

with

raw_calls as (
    select
        coalesce(cast(provider as {{ dbt.type_string() }}), '') as provider_join_key,
        coalesce(cast(coalesce(response_model, request_model) as {{ dbt.type_string() }}), '') as model_join_key,
        coalesce(cast(usage_source as {{ dbt.type_string() }}), '') as usage_source_join_key,
        cast(cast(started_at as {{ dbt.type_timestamp() }}) as date) as usage_date,
        coalesce(cast(api_key_id as {{ dbt.type_string() }}), '') as api_key_scope,
        coalesce({{ normalize_text('project') }}, '') as project_scope,
        coalesce({{ normalize_text('fidelity') }}, 'request') as fidelity
    from {{ ref('base_telemetry__raw_llm_requests') }}
    where started_at is not null
),

distinct_scopes as (
    select distinct
        provider_join_key,
        model_join_key,
        usage_source_join_key,
        usage_date,
        api_key_scope,
        project_scope,
        fidelity
    from raw_calls
),

model_matches as (
    select * from {{ ref('base_telemetry__model_matches') }}
),

scopes as (
    select distinct
        model_matches.provider,
        distinct_scopes.usage_date,
        distinct_scopes.api_key_scope,
        distinct_scopes.project_scope,
        distinct_scopes.fidelity
    from distinct_scopes
    inner join model_matches
        on
            distinct_scopes.provider_join_key = model_matches.provider_join_key
            and distinct_scopes.model_join_key = model_matches.model_join_key
            and distinct_scopes.usage_source_join_key = model_matches.usage_source_join_key
    where model_matches.provider is not null
),

aggregate_scopes as (
    select * from scopes
    where fidelity = 'aggregate'
),

request_scopes as (
    select * from scopes
    where fidelity = 'request'
),

covered as (
    select distinct
        aggregate_scopes.provider,
        aggregate_scopes.usage_date,
        aggregate_scopes.api_key_scope,
        aggregate_scopes.project_scope
    from aggregate_scopes
    inner join request_scopes
        on
            aggregate_scopes.provider = request_scopes.provider
            and aggregate_scopes.usage_date = request_scopes.usage_date
            and (
                aggregate_scopes.api_key_scope = ''
                or request_scopes.api_key_scope = ''
                or aggregate_scopes.api_key_scope = request_scopes.api_key_scope
            )
            and (
                aggregate_scopes.project_scope = ''
                or request_scopes.project_scope = ''
                or aggregate_scopes.project_scope = request_scopes.project_scope
            )
)

select * from covered
