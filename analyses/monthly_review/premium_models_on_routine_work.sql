-- Dashboard question: which department uses premium models for routine work? One row per department and task
-- type of the reviewed month whose routing policy tier is economy (classification, summarisation, drafting,
-- extraction and the like) with calls on a premium model: their requests and cost, and that cost's share of
-- the task type's cost in the department, largest first.
with

review as (
    {{ monthly_review_dates() }}
),

daily_spend as (
    select * from {{ ref('fct_daily_spend') }}
),

workflows as (
    select * from {{ ref('dim_workflows') }}
),

teams as (
    select * from {{ ref('dim_teams') }}
),

routine_spend as (
    select
        review.review_month,
        daily_spend.department_id,
        workflows.task_type,
        sum(daily_spend.model_cost_usd) as task_cost_usd,
        sum(case when daily_spend.model_tier = 'premium' then daily_spend.requests else 0 end) as premium_requests,
        sum(case when daily_spend.model_tier = 'premium' then daily_spend.model_cost_usd else 0 end)
            as premium_cost_usd
    from daily_spend
    inner join review
        on
            daily_spend.spend_date >= review.review_month
            and daily_spend.spend_date < review.following_month
    inner join workflows on daily_spend.workflow_id = workflows.workflow_id
    where workflows.policy_tier = 'economy'
    group by review.review_month, daily_spend.department_id, workflows.task_type
),

departments as (
    select distinct
        department_id,
        department_name
    from teams
),

final as (
    select
        routine_spend.review_month,
        routine_spend.department_id,
        departments.department_name,
        routine_spend.task_type,
        routine_spend.premium_requests,
        routine_spend.premium_cost_usd,
        routine_spend.premium_cost_usd / nullif(routine_spend.task_cost_usd, 0) as premium_cost_share
    from routine_spend
    left join departments on routine_spend.department_id = departments.department_id
    where routine_spend.premium_requests > 0
)

select * from final
order by premium_cost_usd desc, department_id asc, task_type asc
