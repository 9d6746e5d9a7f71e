{#- Every raw workflow run, renamed and cast, with the rule it breaks (invalid_reason, null when valid). The one
    model that reads the raw runs: a table built incrementally by day like base_telemetry__llm_requests_checked;
    copies are numbered in base_telemetry__workflow_run_copies. -#}
{{ incremental_by_day('partition_date', ['workflow_id', 'requesting_team_id']) }}

{%- set lookback_start = checked_rows_lookback_start() %}

with

source as (
    select * from {{ ref('base_telemetry__raw_workflow_runs') }}
    {% if is_incremental() -%}
        where {{ incremental_raw_rows('started_at', lookback_start) }}
    {%- endif %}
),

workflows as (
    select * from {{ ref('workflows') }}
),

teams as (
    select * from {{ ref('teams') }}
),

renamed as (
    select
        {{ blank_as_null('workflow_run_id') }} as workflow_run_id,
        {{ normalize_text('workflow') }} as workflow_id,
        {{ normalize_text('requesting_team') }} as requesting_team_id,
        {{ normalize_text('environment') }} as environment,
        cast(started_at as {{ dbt.type_timestamp() }}) as started_at,
        cast(ended_at as {{ dbt.type_timestamp() }}) as ended_at,
        {{ normalize_text('status') }} as status,
        cast(output_accepted as {{ dbt.type_boolean() }}) as is_output_accepted,
        cast(coalesce(human_review_minutes, 0) as {{ type_double() }}) as human_review_minutes,
        {{ normalize_text('blocked_reason') }} as blocked_reason,
        unreadable_columns
    from source
),

checked as (
    select
        renamed.*,
        case
            when renamed.unreadable_columns is not null then 'unreadable_value'
            when renamed.workflow_run_id is null then 'missing_workflow_run_id'
            when renamed.started_at is null then 'missing_timestamp'
            when {{ is_before_earliest_date('renamed.started_at') }} then 'before_earliest_date'
            when {{ is_future_timestamp('renamed.started_at') }} then 'future_timestamp'
            when workflows.workflow_id is null then 'unknown_workflow'
            when {{ is_unknown_code('renamed.status', 'run_status', null_allowed=false) }} then 'invalid_status'
            when {{ is_unknown_code('renamed.environment', 'environment') }} then 'unknown_environment'
            when renamed.requesting_team_id is not null and teams.team_id is null then 'unknown_team'
            when renamed.ended_at < renamed.started_at then 'ended_before_started'
            when {{ is_future_timestamp('renamed.ended_at') }} then 'future_timestamp'
            when {{ any_non_finite(['renamed.human_review_minutes']) }} then 'non_finite_number'
            when renamed.human_review_minutes < 0 then 'negative_review_minutes'
            when renamed.human_review_minutes > {{ var('max_review_minutes') }} then 'implausible_review_minutes'
        end as invalid_reason
    from renamed
    left join workflows
        on renamed.workflow_id = workflows.workflow_id
    left join teams
        on renamed.requesting_team_id = teams.team_id
),

final as (
    select
        *,
        {{ day_partition('started_at') }} as partition_date,
        {{ build_started_at() }} as built_at
    from checked
)

select * from final
