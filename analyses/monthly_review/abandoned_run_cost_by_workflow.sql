-- Dashboard question: which workflow has the highest abandoned-run cost? One row per workflow of the reviewed
-- month with abandoned runs, their fully loaded cost and its share of the workflow's cost, highest first.
with

review as (
    {{ monthly_review_dates() }}
),

workflow_months as (
    select * from {{ ref('cost_per_accepted_output') }}
),

workflows as (
    select * from {{ ref('dim_workflows') }}
),

by_workflow as (
    select
        review.review_month,
        workflow_months.workflow_id,
        sum(workflow_months.runs) as runs,
        sum(workflow_months.abandoned_runs) as abandoned_runs,
        sum(workflow_months.abandoned_runs_cost_usd) as abandoned_runs_cost_usd,
        sum(workflow_months.total_cost_usd) as total_cost_usd
    from workflow_months
    inner join review on workflow_months.month_start_date = review.review_month
    group by review.review_month, workflow_months.workflow_id
),

final as (
    select
        by_workflow.review_month,
        by_workflow.workflow_id,
        workflows.workflow_name,
        workflows.owner_team_id,
        by_workflow.runs,
        by_workflow.abandoned_runs,
        by_workflow.abandoned_runs_cost_usd,
        by_workflow.abandoned_runs_cost_usd / nullif(by_workflow.total_cost_usd, 0) as abandoned_cost_share
    from by_workflow
    left join workflows on by_workflow.workflow_id = workflows.workflow_id
    where by_workflow.abandoned_runs > 0
)

select * from final
order by abandoned_runs_cost_usd desc, workflow_id asc
