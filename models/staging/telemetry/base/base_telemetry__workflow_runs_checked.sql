{#- Every raw workflow run, renamed and cast, with the rule it breaks (invalid_reason, null when valid). The one
    model that reads the raw runs: a table built incrementally by day like base_telemetry__llm_requests_checked;
    copies are numbered in base_telemetry__workflow_run_copies. -#}
{{ incremental_by_day('partition_date', ['workflow_id', 'requesting_team_id']) }}

{%- set lookback_start = checked_rows_lookback_start() %}

with

source as (
    select * from {{ source('telemetry', 'workflow_runs') }}
    {% if is_incremental() -%}
        where {{ incremental_raw_rows('started_at', lookback_start) }}
    {%- endif %}
),

workflows as (
    select * from {{ ref('workflows') }}
),

renamed as (
    select
        cast(workflow_run_id as {{ dbt.type_string() }}) as workflow_run_id,
        {{ normalize_text('workflow') }} as workflow_id,
        {{ normalize_text('requesting_team') }} as requesting_team_id,
        {{ normalize_text('environment') }} as environment,
        cast(started_at as {{ dbt.type_timestamp() }}) as started_at,
        cast(ended_at as {{ dbt.type_timestamp() }}) as ended_at,
        {{ normalize_text('status') }} as status,
        cast(output_accepted as {{ dbt.type_boolean() }}) as is_output_accepted,
        cast(coalesce(human_review_minutes, 0) as {{ type_double() }}) as human_review_minutes,
        {{ normalize_text('blocked_reason') }} as blocked_reason
    from source
),

checked as (
    select
        renamed.*,
        case
            when renamed.workflow_run_id is null then 'missing_workflow_run_id'
            when renamed.started_at is null then 'missing_timestamp'
            when {{ is_future_timestamp('renamed.started_at') }} then 'future_timestamp'
            when workflows.workflow_id is null then 'unknown_workflow'
            when
                renamed.status is null or renamed.status not in ('completed', 'failed', 'abandoned', 'blocked')
                then 'invalid_status'
            when renamed.ended_at < renamed.started_at then 'ended_before_started'
            when renamed.human_review_minutes < 0 then 'negative_review_minutes'
        end as invalid_reason
    from renamed
    left join workflows
        on renamed.workflow_id = workflows.workflow_id
),

final as (
    select
        *,
        {{ day_partition('started_at') }} as partition_date,
        {{ build_started_at() }} as built_at
    from checked
)

select * from final
