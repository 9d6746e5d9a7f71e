with

checked_events as (
    select * from {{ ref('base_governance__governance_events') }}
),

final as (
    select
        event_id,
        occurred_at,
        event_type,
        scope_type,
        scope_id,
        requested_by,
        approved_by,
        approved_by is not null as is_approved,
        reason,
        alert_key,
        amount
    from checked_events
    where rejection_reason is null
)

select * from final
