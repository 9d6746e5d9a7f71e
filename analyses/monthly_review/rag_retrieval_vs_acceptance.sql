-- Dashboard question: which RAG workflow spends heavily on retrieval but produces low acceptance? One row per
-- workflow of the reviewed month with retrieval cost: that cost, its share of the workflow's cost, acceptance
-- against the company's, and the two flags (retrieval share at least var review_heavy_retrieval_share;
-- acceptance under the company's); flagged both first, then by retrieval cost.
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

month_rows as (
    select workflow_months.*
    from workflow_months
    inner join review on workflow_months.month_start_date = review.review_month
),

company as (
    select sum(accepted_runs) * 1.0 / nullif(sum(runs), 0) as company_acceptance_rate
    from month_rows
),

by_workflow as (
    select
        month_start_date as review_month,
        workflow_id,
        sum(runs) as runs,
        sum(accepted_runs) as accepted_runs,
        sum(retrieval_cost_usd) as retrieval_cost_usd,
        sum(total_cost_usd) as total_cost_usd
    from month_rows
    group by month_start_date, workflow_id
    having sum(retrieval_cost_usd) > 0
),

flagged as (
    select
        by_workflow.*,
        company.company_acceptance_rate,
        by_workflow.retrieval_cost_usd / by_workflow.total_cost_usd as retrieval_cost_share,
        by_workflow.accepted_runs * 1.0 / by_workflow.runs as acceptance_rate
    from by_workflow
    cross join company
),

final as (
    select
        flagged.review_month,
        flagged.workflow_id,
        workflows.workflow_name,
        workflows.task_type,
        workflows.owner_team_id,
        flagged.runs,
        flagged.retrieval_cost_usd,
        flagged.retrieval_cost_share,
        flagged.acceptance_rate,
        flagged.company_acceptance_rate,
        flagged.retrieval_cost_share >= {{ var('review_heavy_retrieval_share') }} as is_heavy_retrieval,
        flagged.acceptance_rate < flagged.company_acceptance_rate as is_low_acceptance
    from flagged
    left join workflows on flagged.workflow_id = workflows.workflow_id
)

select * from final
order by is_heavy_retrieval and is_low_acceptance desc, retrieval_cost_usd desc, workflow_id asc
