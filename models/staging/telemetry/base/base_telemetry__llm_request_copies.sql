{#- Every copy of a request id that occurs more than once among the raw calls, numbered: copy 1 is the one
    kept (valid copies first, then the earliest start, then the most output tokens). See copy_ranking. -#}
{{ config(materialized='table') }}

{{ repeated_copies(
    ref('base_telemetry__llm_requests_repeated'),
    'request_id',
    ['checked_rows.started_at asc', 'checked_rows.output_tokens desc']
) }}
