{#- Every raw governance event, renamed and cast, with the reason it is rejected (null when it is kept). -#}
with

source as (
    select * from {{ ref('base_governance__raw_governance_events') }}
),

renamed as (
    select
        {{ blank_as_null('event_id') }} as event_id,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        {{ normalize_text('event_type') }} as event_type,
        {{ normalize_text('scope_type') }} as scope_type,
        {{ normalize_text('scope_id') }} as scope_id,
        cast(requested_by as {{ dbt.type_string() }}) as requested_by,
        cast(approved_by as {{ dbt.type_string() }}) as approved_by,
        cast(reason as {{ dbt.type_string() }}) as reason,
        cast(alert_key as {{ dbt.type_string() }}) as alert_key,
        cast(amount as {{ type_double() }}) as amount,
        unreadable_columns
    from source
),

checked as (
    select
        *,
        case
            when unreadable_columns is not null then 'unreadable_value'
            when event_id is null then 'missing_event_id'
            when occurred_at is null then 'missing_timestamp'
            when {{ is_before_earliest_date('occurred_at') }} then 'before_earliest_date'
            when {{ is_future_timestamp('occurred_at') }} then 'future_timestamp'
            when {{ is_unknown_code('event_type', 'event_type', null_allowed=false) }} then 'unknown_event_type'
            when {{ any_non_finite(['amount']) }} then 'non_finite_number'
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
