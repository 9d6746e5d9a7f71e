{#- Every copy of a request id that occurs more than once among the checked calls, numbered: copy 1 is the one
    kept (valid copies first, then the earliest start, then the most output tokens). Ranking only these few rows
    keeps the sort off the millions of ids that occur once. A table rebuilt on every run, so a copy that arrives
    days after the first is ranked with it. -#}
{{ config(materialized='table') }}

with

checked_request_ids as (
    -- A narrow scan of the ids; the wide rows are read below only for the repeated ones.
    select request_id from {{ ref('base_telemetry__llm_requests_checked') }}
),

checked_requests as (
    select * from {{ ref('base_telemetry__llm_requests_checked') }}
),

repeated_ids as (
    select request_id
    from checked_request_ids
    where request_id is not null
    group by request_id
    having count(*) > 1
),

final as (
    select
        checked_requests.*,
        row_number() over (
            partition by checked_requests.request_id
            order by
                case when checked_requests.invalid_reason is null then 0 else 1 end asc,
                checked_requests.started_at asc,
                checked_requests.output_tokens desc
        ) as copy_number
    from checked_requests
    inner join repeated_ids
        on checked_requests.request_id = repeated_ids.request_id
)

select * from final
