{#- Every raw governance event, renamed and cast, with the reason it is rejected (null when it is kept). -#}
with

source as (
    select * from {{ source('governance', 'governance_events') }}
),

renamed as (
    select
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        {{ normalize_text('event_type') }} as event_type,
        {{ normalize_text('scope_type') }} as scope_type,
        {{ normalize_text('scope_id') }} as scope_id,
        cast(requested_by as {{ dbt.type_string() }}) as requested_by,
        cast(approved_by as {{ dbt.type_string() }}) as approved_by,
        cast(reason as {{ dbt.type_string() }}) as reason,
        cast(alert_key as {{ dbt.type_string() }}) as alert_key,
        cast(amount as {{ type_double() }}) as amount
    from source
),

checked as (
    select
        *,
        case
            when event_id is null then 'missing_event_id'
            when occurred_at is null then 'missing_timestamp'
            when {{ is_future_timestamp('occurred_at') }} then 'future_timestamp'
            when event_type is null or event_type not in (
                'budget_override', 'model_exception', 'alert_acknowledged', 'alert_resolved', 'routing_change'
            ) then 'unknown_event_type'
        end as invalid_reason
    from renamed
),

ranked as (
    select
        *,
        row_number() over (
            partition by event_id
            order by case when invalid_reason is null then 0 else 1 end, occurred_at
        ) as copy_number
    from checked
),

final as (
    select
        *,
        coalesce(
            invalid_reason, case when event_id is not null and copy_number > 1 then 'duplicate_event_id' end
        ) as rejection_reason
    from ranked
)

select * from final
