{#- Built incrementally by day: an incremental build replaces the last var('lookback_days') days it holds
    (see incremental_lookback). The one table of accepted calls: the views below it check, deduplicate, price and
    attribute the raw calls as they are read. -#}
{{ incremental_by_day('started_date', ['team_id', 'provider', 'model_id']) }}

with

attributed_requests as (
    select * from {{ ref('int_llm_requests_attributed') }}
    {% if is_incremental() -%}
        -- On the raw timestamp, which the views pass down to the raw scan (DuckDB skips Parquet row groups).
        where
            received_started_at
            >= cast({{ incremental_lookback_start('started_date') }} as {{ dbt.type_timestamp() }})
    {%- endif %}
),

final as (
    select
        request_id,
        trace_id,
        workflow_run_id,
        started_at,
        started_date,
        environment,
        environment = 'production' as is_production,
        team_id,
        attribution_method,
        owner_team_id,
        owner_attribution_method,
        team_name,
        department_id,
        business_unit,
        cost_center_id,
        project_id,
        attributed_workflow_id as workflow_id,
        attributed_task_type as task_type,
        application,
        api_key_id,
        is_mapped_api_key,
        provider,
        provider_reported,
        price_provider,
        model_developer,
        reported_model,
        model_id,
        model_match_method,
        model_tier,
        route,
        operation_name,
        status,
        is_error,
        error_type,
        retry_attempt,
        is_retry,
        is_fallback,
        agent_step,
        tool_calls,
        retrieval_calls,
        duration_ms,
        input_tokens,
        uncached_input_tokens,
        cache_read_input_tokens,
        cache_creation_input_tokens,
        cache_creation_1h_input_tokens,
        output_tokens,
        reasoning_output_tokens,
        is_unpriced,
        price_route,
        price_source,
        price_valid_from,
        price_input_tokens_above,
        input_cost_usd,
        cached_input_cost_usd,
        cache_write_cost_usd,
        output_cost_usd,
        request_cost_usd,
        model_cost_usd,
        cache_savings_usd,
        gateway_cost_usd,
        customer_id,
        user_id,
        data_class,
        fidelity,
        request_count,
        {{ build_started_at() }} as built_at
    from attributed_requests
)

select * from final
