with

checked_requests as (
    select * from {{ ref('base_telemetry__llm_requests') }}
),

final as (
    select
        request_id,
        rejection_reason,
        copy_number,
        started_at,
        workflow_run_id,
        provider_reported,
        request_model,
        response_model,
        input_tokens,
        cache_read_input_tokens,
        cache_creation_input_tokens,
        output_tokens,
        status,
        api_key_id,
        team_tag,
        attributes_json
    from checked_requests
    where rejection_reason is not null
)

select * from final
