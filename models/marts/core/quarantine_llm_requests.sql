{#- Built incrementally by day (partition_date): an incremental build replaces the days from
    quarantine_lookback_start on, and the undated rows. -#}
{{ incremental_by_day('partition_date', ['rejection_reason']) }}

{%- set lookback_start = quarantine_lookback_start(ref('fct_llm_requests'), 'started_date') %}

with

checked_requests as (
    select * from {{ ref('base_telemetry__llm_requests') }}
    {% if is_incremental() -%}
        where {{ incremental_raw_rows('received_started_at', lookback_start) }}
    {%- endif %}
),

final as (
    select
        request_id,
        rejection_reason,
        unreadable_columns,
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
        attributes_json,
        fidelity,
        request_count,
        load_error,
        partition_date,
        {{ build_started_at() }} as built_at
    from checked_requests
    where rejection_reason is not null
)

select * from final
