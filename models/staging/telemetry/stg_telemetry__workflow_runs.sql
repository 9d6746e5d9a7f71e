with

checked_runs as (
    select * from {{ ref('base_telemetry__workflow_runs') }}
),

final as (
    select
        workflow_run_id,
        workflow_id,
        requesting_team_id,
        environment,
        started_at,
        cast(started_at as date) as started_date,
        ended_at,
        status,
        is_output_accepted,
        human_review_minutes,
        blocked_reason,
        built_at
    from checked_runs
    where rejection_reason is null
)

select * from final
