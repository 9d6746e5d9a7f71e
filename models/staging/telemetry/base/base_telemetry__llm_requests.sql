{#- Every raw call, checked, with the reason it is rejected (null when it is kept) and its copy number among
    copies of the same request id (null without an id). stg_telemetry__llm_requests keeps the accepted rows,
    quarantine_llm_requests the rejected ones. A view: ids that occur once are copy 1, the others take their
    number from base_telemetry__llm_request_copies. -#}
with

checked_requests as (
    select * from {{ ref('base_telemetry__llm_requests_checked') }}
),

copies as (
    select * from {{ ref('base_telemetry__llm_request_copies') }}
),

single_copies as (
    select
        checked_requests.*,
        case when checked_requests.request_id is not null then 1 end as copy_number
    from checked_requests
    left join copies
        on checked_requests.request_id = copies.request_id
    where copies.request_id is null
),

numbered as (
    select * from single_copies
    union all
    select * from copies
),

final as (
    select
        *,
        coalesce(
            invalid_reason,
            case when request_id is not null and copy_number > 1 then 'duplicate_request_id' end
        ) as rejection_reason
    from numbered
)

select * from final
