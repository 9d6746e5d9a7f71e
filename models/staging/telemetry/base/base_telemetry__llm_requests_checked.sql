{#- Every raw call, renamed, cast and normalised, with the rule it breaks (invalid_reason, null when valid).
    A view: the wide rows are written once, in fct_llm_requests (accepted) and quarantine_llm_requests
    (rejected); writing them a first time here as well cost more than reading the raw calls again (see
    docs/scale.md). Incremental readers filter it by started_at, which reaches the raw scan.
    Copies of a request id are numbered in base_telemetry__llm_request_copies, and base_telemetry__llm_requests
    gives every row its rejection reason. -#}
{{ checked_llm_requests(ref('base_telemetry__raw_llm_requests')) }}
