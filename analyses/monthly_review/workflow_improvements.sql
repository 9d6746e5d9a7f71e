-- Monthly review, output 4 of 5: workflow improvements. One row per production workflow of the reviewed month
-- that spent more than var review_workflow_waste_share of its fully loaded cost on runs without an accepted
-- output (failed, abandoned, blocked or rejected), with its cost per accepted output beside the month before,
-- the largest of those four costs as the thing to fix, that cost as the expected effect, the workflow's owner
-- team and budget owner, and the next review date.
-- dbt compile --select workflow_improvements [--vars '{review_month: 2026-05-01}'], then run the compiled SQL.
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

teams as (
    select * from {{ ref('dim_teams') }}
),

by_workflow as (
    select
        workflow_months.month_start_date,
        workflow_months.workflow_id,
        sum(workflow_months.runs) as runs,
        sum(workflow_months.accepted_runs) as accepted_runs,
        sum(workflow_months.total_cost_usd) as total_cost_usd,
        sum(workflow_months.failed_runs_cost_usd) as failed_runs_cost_usd,
        sum(workflow_months.abandoned_runs_cost_usd) as abandoned_runs_cost_usd,
        sum(workflow_months.blocked_runs_cost_usd) as blocked_runs_cost_usd,
        sum(workflow_months.rejected_runs_cost_usd) as rejected_runs_cost_usd
    from workflow_months
    inner join review
        on
            workflow_months.month_start_date
            between cast({{ dbt.dateadd('month', -1, 'review.review_month') }} as date) and review.review_month
    where workflow_months.is_production
    group by workflow_months.month_start_date, workflow_months.workflow_id
),

with_waste as (
    select
        *,
        failed_runs_cost_usd + abandoned_runs_cost_usd + blocked_runs_cost_usd + rejected_runs_cost_usd
            as no_output_cost_usd,
        greatest(failed_runs_cost_usd, abandoned_runs_cost_usd, blocked_runs_cost_usd, rejected_runs_cost_usd)
            as largest_waste_usd,
        total_cost_usd / nullif(accepted_runs, 0) as cost_per_accepted_output_usd
    from by_workflow
),

reviewed as (
    select
        this_month.*,
        last_month.cost_per_accepted_output_usd as previous_cost_per_accepted_output_usd,
        review.review_month,
        review.next_review_date
    from with_waste as this_month
    inner join review on this_month.month_start_date = review.review_month
    left join with_waste as last_month
        on
            this_month.workflow_id = last_month.workflow_id
            and last_month.month_start_date = cast({{ dbt.dateadd('month', -1, 'review.review_month') }} as date)
    where this_month.no_output_cost_usd > {{ var('review_workflow_waste_share') }} * this_month.total_cost_usd
),

final as (
    select
        reviewed.review_month,
        reviewed.workflow_id,
        workflows.workflow_name,
        workflows.task_type,
        reviewed.runs,
        reviewed.accepted_runs,
        reviewed.accepted_runs * 1.0 / reviewed.runs as acceptance_rate,
        reviewed.total_cost_usd,
        reviewed.cost_per_accepted_output_usd,
        reviewed.previous_cost_per_accepted_output_usd,
        reviewed.failed_runs_cost_usd,
        reviewed.abandoned_runs_cost_usd,
        reviewed.blocked_runs_cost_usd,
        reviewed.rejected_runs_cost_usd,
        reviewed.no_output_cost_usd / reviewed.total_cost_usd as no_output_cost_share,
        case reviewed.largest_waste_usd
            when reviewed.abandoned_runs_cost_usd then 'cut abandoned runs'
            when reviewed.failed_runs_cost_usd then 'fix failing runs'
            when reviewed.blocked_runs_cost_usd then 'stop blocked runs earlier'
            else 'improve rejected outputs'
        end as proposed_decision,
        -reviewed.largest_waste_usd as expected_monthly_effect_usd,
        'workflow owner' as owner_role,
        workflows.owner_team_id,
        teams.budget_owner_email as owner_email,
        reviewed.next_review_date
    from reviewed
    left join workflows on reviewed.workflow_id = workflows.workflow_id
    left join teams on workflows.owner_team_id = teams.team_id
)

select * from final
order by expected_monthly_effect_usd asc, workflow_id asc
