-- Monthly review, output 5 of 5: exception decisions. One row per exception the reviewed month carried: calls
-- under an approved model exception (renew or end it; ending it saves what routing the calls saves, at the
-- rate of the calls without one, unknown where every call has the exception), approved budget overrides
-- (fold into the budget or let lapse) and anomaly episodes still open at the month's end (remediate or accept
-- as expected), with its cost, the owner and the next review date.
-- dbt compile --select exception_decisions [--vars '{review_month: 2026-05-01}'], then run the compiled SQL.
with

review as (
    {{ monthly_review_dates() }}
),

opportunities as (
    select * from {{ ref('routing_opportunities') }}
),

budget_months as (
    select * from {{ ref('budget_status') }}
),

episodes as (
    select * from {{ ref('anomaly_remediation') }}
),

routing_policy as (
    select * from {{ ref('routing_policy') }}
),

budgets as (
    select * from {{ ref('budgets') }}
),

teams as (
    select * from {{ ref('dim_teams') }}
),

model_exceptions as (
    select
        review.review_month,
        'model_exception' as exception_type,
        'team' as subject_type,
        opportunities.team_id as subject_id,
        opportunities.task_type || ' on ' || opportunities.model_id as detail,
        opportunities.exception_cost_usd as cost_usd,
        'renew or end the model exception' as proposed_decision,
        case
            when opportunities.routable_cost_usd > 0
                then
                    -opportunities.exception_cost_usd * opportunities.saving_usd / opportunities.routable_cost_usd
        end as expected_monthly_effect_usd,
        'routing owner' as owner_role,
        routing_owners.budget_owner_email as owner_email,
        review.next_review_date
    from opportunities
    inner join review on opportunities.month_start_date = review.review_month
    left join routing_policy on opportunities.task_type = routing_policy.task_type
    left join teams as routing_owners on routing_policy.owner_team_id = routing_owners.team_id
    where opportunities.exception_requests > 0
),

budget_overrides as (
    select
        review.review_month,
        'budget_override' as exception_type,
        budget_months.scope_type as subject_type,
        budget_months.scope_id as subject_id,
        budget_months.budget_id as detail,
        budget_months.overrides_usd as cost_usd,
        'fold the override into the budget or let it lapse' as proposed_decision,
        -budget_months.overrides_usd as expected_monthly_effect_usd,
        'budget owner' as owner_role,
        budgets.owner_email,
        review.next_review_date
    from budget_months
    inner join review on budget_months.month_start_date = review.review_month
    left join budgets on budget_months.budget_id = budgets.budget_id
    where budget_months.has_approved_override
),

open_episodes as (
    select
        review.review_month,
        'open_anomaly' as exception_type,
        episodes.scope_type as subject_type,
        episodes.scope_id as subject_id,
        episodes.rule || ' since ' || cast(episodes.episode_start_date as {{ dbt.type_string() }}) as detail,
        episodes.excess_cost_usd as cost_usd,
        'remediate or accept as expected' as proposed_decision,
        -episodes.excess_cost_usd as expected_monthly_effect_usd,
        'scope owner' as owner_role,
        teams.budget_owner_email as owner_email,
        review.next_review_date
    from episodes
    inner join review
        on episodes.episode_start_date < review.following_month
    left join teams on episodes.owner_team_id = teams.team_id
    where
        episodes.resolved_at is null
        or cast(episodes.resolved_at as date) >= review.following_month
),

final as (
    select * from model_exceptions
    union all
    select * from budget_overrides
    union all
    select * from open_episodes
)

select * from final
order by exception_type asc, cost_usd desc, subject_id asc, detail asc
