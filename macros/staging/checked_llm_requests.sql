{#- The body of base_telemetry__llm_requests_checked: the calls of `raw_calls` (a parenthesised query with the
    columns of the raw contract's llm_requests and unreadable_columns, as raw_table gives them) renamed, cast and normalised, with the rule each
    breaks (invalid_reason, null when valid) and its day partition. base_telemetry__llm_requests_repeated checks
    only the calls whose id repeats with it. -#}
{% macro checked_llm_requests(raw_calls) -%}
with

source as (
    select * from {{ raw_calls }} as raw_calls
),

model_matches as (
    -- The catalogue match of each distinct reported provider, model and usage source (resolved once per string).
    select * from {{ ref('base_telemetry__model_matches') }}
),

workflows as (
    select * from {{ ref('workflows') }}
),

request_coverage as (
    -- Provider, day, API key and project scopes that per-request telemetry covers (aggregate rows there are
    -- the same traffic counted a second time).
    select * from {{ ref('base_telemetry__request_coverage') }}
),

renamed as (
    select
        {{ blank_as_null('request_id') }} as request_id,
        cast(trace_id as {{ dbt.type_string() }}) as trace_id,
        {{ blank_as_null('workflow_run_id') }} as workflow_run_id,
        cast(started_at as {{ dbt.type_timestamp() }}) as started_at,
        -- As received: incremental readers filter on it, which reaches the raw scan (a filter on the cast
        -- timestamp above does not skip Parquet row groups when the raw column has a time zone).
        started_at as received_started_at,
        cast(duration_ms as {{ dbt.type_bigint() }}) as duration_ms,
        cast(provider as {{ dbt.type_string() }}) as provider_reported,
        {{ normalize_text('operation') }} as operation_name,
        cast(request_model as {{ dbt.type_string() }}) as request_model,
        cast(response_model as {{ dbt.type_string() }}) as response_model,
        cast(coalesce(response_model, request_model) as {{ dbt.type_string() }}) as reported_model,
        cast(input_tokens as {{ dbt.type_bigint() }}) as reported_input_tokens,
        cast(coalesce(cache_read_input_tokens, 0) as {{ dbt.type_bigint() }}) as cache_read_input_tokens,
        cast(coalesce(cache_creation_input_tokens, 0) as {{ dbt.type_bigint() }}) as cache_creation_input_tokens,
        cast(
            coalesce(cache_creation_1h_input_tokens, 0) as {{ dbt.type_bigint() }}
        ) as cache_creation_1h_input_tokens,
        cast(output_tokens as {{ dbt.type_bigint() }}) as reported_output_tokens,
        cast(coalesce(reasoning_output_tokens, 0) as {{ dbt.type_bigint() }}) as reasoning_output_tokens,
        coalesce(cast(provider as {{ dbt.type_string() }}), '') as provider_join_key,
        coalesce(cast(coalesce(response_model, request_model) as {{ dbt.type_string() }}), '') as model_join_key,
        coalesce(cast(usage_source as {{ dbt.type_string() }}), '') as usage_source_join_key,
        {{ normalize_text('status') }} as status,
        {{ normalize_text('error_type') }} as error_type,
        cast(coalesce(retry_attempt, 0) as {{ dbt.type_int() }}) as retry_attempt,
        coalesce(cast(is_fallback as {{ dbt.type_boolean() }}), false) as is_fallback,
        cast(coalesce(tool_calls, 0) as {{ dbt.type_int() }}) as tool_calls,
        cast(coalesce(retrieval_calls, 0) as {{ dbt.type_int() }}) as retrieval_calls,
        cast(agent_step as {{ dbt.type_int() }}) as agent_step,
        cast(api_key_id as {{ dbt.type_string() }}) as api_key_id,
        cast(application as {{ dbt.type_string() }}) as application,
        {{ normalize_text('environment') }} as environment,
        {{ normalize_text('team') }} as team_tag,
        {{ normalize_text('project') }} as project_id,
        {{ normalize_text('workflow') }} as workflow_id,
        {{ normalize_text('task_type') }} as task_type,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        {{ normalize_text('data_class') }} as data_class,
        coalesce({{ normalize_text('route') }}, 'standard') as route,
        cast(gateway_cost_usd as {{ type_double() }}) as gateway_cost_usd,
        cast(attributes as {{ dbt.type_string() }}) as attributes_json,
        -- Null on an aggregate row whose source gives no count (Anthropic's usage report): unknown, not 1.
        cast(
            coalesce(request_count, case when coalesce({{ normalize_text('fidelity') }}, 'request') = 'request' then 1 end)
            as {{ dbt.type_bigint() }}
        ) as request_count,
        coalesce({{ normalize_text('fidelity') }}, 'request') as fidelity,
        cast(load_error as {{ dbt.type_string() }}) as load_error,
        unreadable_columns
    from source
),

normalised as (
    -- Token counts in the contract's meaning (input includes cached input, output includes reasoning),
    -- whatever convention the source follows (token_conventions).
    select
        renamed.*,
        model_matches.provider,
        model_matches.is_known_provider,
        model_matches.price_provider,
        model_matches.model_id,
        model_matches.matched_model_ref,
        model_matches.model_match_method,
        model_matches.model_developer,
        model_matches.context_window_tokens,
        model_matches.usage_source,
        model_matches.is_known_usage_source,
        renamed.reported_input_tokens
        + case when model_matches.input_includes_cache_read then 0 else renamed.cache_read_input_tokens end
        + case
            when model_matches.input_includes_cache_write then 0 else renamed.cache_creation_input_tokens
        end as input_tokens,
        renamed.reported_output_tokens
        + case
            when model_matches.output_includes_reasoning then 0 else renamed.reasoning_output_tokens
        end as output_tokens,
        workflows.workflow_id is not null as is_known_workflow,
        {{ is_valid_json('renamed.attributes_json') }} as has_valid_attributes,
        request_coverage.provider is not null as is_covered_by_requests
    from renamed
    left join model_matches
        on
            renamed.provider_join_key = model_matches.provider_join_key
            and renamed.model_join_key = model_matches.model_join_key
            and renamed.usage_source_join_key = model_matches.usage_source_join_key
    left join workflows
        on renamed.workflow_id = workflows.workflow_id
    left join request_coverage
        on
            renamed.fidelity = 'aggregate'
            and model_matches.provider = request_coverage.provider
            and cast(renamed.started_at as date) = request_coverage.usage_date
            and coalesce(renamed.api_key_id, '') = request_coverage.api_key_scope
            and coalesce(renamed.project_id, '') = request_coverage.project_scope
),

per_call as (
    -- The average call of an aggregate row (the tier a call's input reaches, the context-window check).
    select
        *,
        -- An unknown count prices at the base tier and skips the context-window check. A single call keeps its
        -- tokens as they are (a division would pass through a double and overflow at the bigint's edge).
        case
            when request_count is null then 0
            when request_count <= 1 then input_tokens
            else cast(floor(input_tokens / request_count) as {{ dbt.type_bigint() }})
        end as tier_input_tokens,
        case
            when request_count is null or request_count <= 1 then output_tokens
            else cast(floor(output_tokens / request_count) as {{ dbt.type_bigint() }})
        end as per_call_output_tokens
    from normalised
),

checked as (
    select
        *,
        case
            when load_error is not null then 'unmappable_record'
            when unreadable_columns is not null then 'unreadable_value'
            when request_id is null then 'missing_request_id'
            when started_at is null then 'missing_timestamp'
            when {{ is_before_earliest_date('started_at') }} then 'before_earliest_date'
            when {{ is_future_timestamp('started_at') }} then 'future_timestamp'
            when model_id is null then 'missing_model'
            when not is_known_usage_source then 'unknown_usage_source'
            when input_tokens is null or output_tokens is null then 'null_tokens'
            when
                input_tokens < 0 or output_tokens < 0 or cache_read_input_tokens < 0
                or cache_creation_input_tokens < 0 or cache_creation_1h_input_tokens < 0 or reasoning_output_tokens < 0
                then 'negative_tokens'
            when cache_read_input_tokens + cache_creation_input_tokens > input_tokens then 'cache_tokens_exceed_input'
            when cache_creation_1h_input_tokens > cache_creation_input_tokens then 'cache_tokens_exceed_input'
            when reasoning_output_tokens > output_tokens then 'reasoning_tokens_exceed_output'
            when
                request_count is not null
                and greatest(tier_input_tokens, per_call_output_tokens)
                > coalesce(context_window_tokens, {{ var('max_tokens_per_call') }})
                then 'implausible_tokens'
            when duration_ms < 0 then 'negative_duration'
            when retry_attempt < 0 or tool_calls < 0 or retrieval_calls < 0 or agent_step < 0 then 'negative_count'
            when
                greatest(retry_attempt, tool_calls, retrieval_calls, coalesce(agent_step, 0))
                > {{ var('max_count_per_call') }}
                then 'implausible_count'
            when {{ is_unknown_code('status', 'request_status', null_allowed=false) }} then 'invalid_status'
            when {{ is_unknown_code('environment', 'environment', null_allowed=false) }} then 'unknown_environment'
            when {{ is_unknown_code('operation_name', 'operation') }} then 'unknown_operation'
            when {{ is_unknown_code('route', 'route') }} then 'unknown_route'
            when {{ is_unknown_code('data_class', 'data_class') }} then 'unknown_data_class'
            when workflow_id is not null and not is_known_workflow then 'unknown_workflow'
            when gateway_cost_usd < 0 or {{ any_non_finite(['gateway_cost_usd']) }} then 'invalid_gateway_cost'
            when attributes_json is not null and not has_valid_attributes then 'unparseable_attributes'
            when fidelity not in ('request', 'aggregate') then 'unknown_fidelity'
            when request_count < 1 or (fidelity = 'request' and request_count != 1) then 'invalid_request_count'
            when is_covered_by_requests then 'aggregate_covered_by_requests'
        end as invalid_reason
    from per_call
),

final as (
    select
        *,
        {{ day_partition('started_at') }} as partition_date
    from checked
)

select * from final
{%- endmacro %}
