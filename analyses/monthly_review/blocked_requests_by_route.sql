-- Dashboard question: which model route creates the most blocked requests? One row per route (the task type's
-- routing policy tier and default model) and block reason of the reviewed month: blocked runs (a run blocked
-- before its model call is a blocked request), their cost and the blocked share of the route's runs, most
-- blocked first.
with

review as (
    {{ monthly_review_dates() }}
),

runs as (
    select * from {{ ref('fct_workflow_runs') }}
),

workflows as (
    select * from {{ ref('dim_workflows') }}
),

routed_runs as (
    select
        review.review_month,
        workflows.task_type,
        workflows.policy_tier,
        workflows.policy_default_model_id,
        runs.status,
        runs.blocked_reason,
        runs.fully_loaded_cost_usd
    from runs
    inner join review
        on runs.started_date >= review.review_month and runs.started_date < review.following_month
    inner join workflows on runs.workflow_id = workflows.workflow_id
),

route_runs as (
    select
        task_type,
        count(*) as route_runs
    from routed_runs
    group by task_type
),

blocked as (
    select
        review_month,
        task_type,
        policy_tier,
        policy_default_model_id,
        blocked_reason,
        count(*) as blocked_runs,
        sum(fully_loaded_cost_usd) as blocked_cost_usd
    from routed_runs
    where status = 'blocked'
    group by review_month, task_type, policy_tier, policy_default_model_id, blocked_reason
),

final as (
    select
        blocked.review_month,
        blocked.task_type,
        blocked.policy_tier,
        blocked.policy_default_model_id,
        blocked.blocked_reason,
        blocked.blocked_runs,
        blocked.blocked_cost_usd,
        blocked.blocked_runs * 1.0 / route_runs.route_runs as blocked_run_share
    from blocked
    inner join route_runs on blocked.task_type = route_runs.task_type
)

select * from final
order by blocked_runs desc, task_type asc, blocked_reason asc
