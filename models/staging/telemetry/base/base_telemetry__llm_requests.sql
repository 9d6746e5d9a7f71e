{#- Every raw call, checked, with the reason it is rejected (null when it is kept) and its copy number among
    copies of the same request id (null without an id). stg_telemetry__llm_requests keeps the accepted rows,
    quarantine_llm_requests the rejected ones. See copy_ranking. -#}
{{ numbered_copies(
    ref('base_telemetry__llm_requests_checked'),
    ref('base_telemetry__llm_request_copies'),
    'request_id',
    'duplicate_request_id'
) }}
