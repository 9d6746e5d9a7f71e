with

checked_runs as (
    select * from {{ ref('base_telemetry__workflow_runs') }}
),

final as (
    select
        workflow_run_id,
        rejection_reason,
        unreadable_columns,
        copy_number,
        workflow_id,
        requesting_team_id,
        environment,
        started_at,
        ended_at,
        status,
        human_review_minutes
    from checked_runs
    where rejection_reason is not null
)

select * from final
