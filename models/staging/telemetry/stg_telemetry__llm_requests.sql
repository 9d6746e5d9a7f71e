with

checked_requests as (
    select * from {{ ref('base_telemetry__llm_requests') }}
),

final as (
    select
        request_id,
        trace_id,
        workflow_run_id,
        started_at,
        cast(started_at as date) as started_date,
        received_started_at,
        duration_ms,
        provider,
        provider_reported,
        is_known_provider,
        price_provider,
        model_developer,
        operation_name,
        request_model,
        response_model,
        reported_model,
        model_id,
        matched_model_ref,
        model_match_method,
        usage_source,
        input_tokens,
        tier_input_tokens,
        cache_read_input_tokens,
        cache_creation_input_tokens,
        cache_creation_1h_input_tokens,
        input_tokens - cache_read_input_tokens - cache_creation_input_tokens as uncached_input_tokens,
        output_tokens,
        reasoning_output_tokens,
        status,
        status = 'error' as is_error,
        error_type,
        retry_attempt,
        retry_attempt > 0 as is_retry,
        is_fallback,
        tool_calls,
        retrieval_calls,
        agent_step,
        api_key_id,
        application,
        environment,
        team_tag,
        project_id,
        workflow_id,
        task_type,
        customer_id,
        user_id,
        data_class,
        route,
        gateway_cost_usd,
        attributes_json,
        request_count,
        fidelity
    from checked_requests
    where rejection_reason is null
)

select * from final
