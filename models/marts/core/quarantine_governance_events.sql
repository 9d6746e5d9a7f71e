with

checked_events as (
    select * from {{ ref('base_governance__governance_events') }}
),

final as (
    select
        event_id,
        rejection_reason,
        unreadable_columns,
        copy_number,
        occurred_at,
        event_type,
        scope_type,
        scope_id
    from checked_events
    where rejection_reason is not null
)

select * from final
