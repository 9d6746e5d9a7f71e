{#- The raw calls whose request_id occurs more than once (base_telemetry__llm_request_repeated_ids), checked as
    in base_telemetry__llm_requests_checked: only these few calls are checked, not every call
    (base_telemetry__llm_request_copies reads it on every build). -#}
{%- set repeated_calls -%}
    (
        select *
        from {{ ref('base_telemetry__raw_llm_requests') }}
        where cast(request_id as {{ dbt.type_string() }}) in (
            select request_id from {{ ref('base_telemetry__llm_request_repeated_ids') }}
        )
    )
{%- endset %}
{{ checked_llm_requests(repeated_calls) }}
