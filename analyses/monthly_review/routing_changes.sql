-- Monthly review, output 2 of 5: routing changes. One row per team, task type and model of the reviewed month
-- that routing_opportunities recommends moving to the routing policy's default model (quality holds on the
-- policy tier and the move saves money), with the saving as the expected effect, the policy's routing owner
-- (the task type's owner team in seed routing_policy) and the next review date.
-- dbt compile --select routing_changes [--vars '{review_month: 2026-05-01}'], then run the compiled SQL.
with

review as (
    {{ monthly_review_dates() }}
),

opportunities as (
    select * from {{ ref('routing_opportunities') }}
),

routing_policy as (
    select * from {{ ref('routing_policy') }}
),

teams as (
    select * from {{ ref('dim_teams') }}
),

recommended as (
    select
        opportunities.*,
        review.next_review_date
    from opportunities
    inner join review on opportunities.month_start_date = review.review_month
    where opportunities.is_recommended
),

final as (
    select
        recommended.month_start_date as review_month,
        recommended.team_id,
        recommended.task_type,
        recommended.provider,
        recommended.model_id,
        recommended.model_tier,
        recommended.policy_tier,
        recommended.policy_provider,
        recommended.policy_model_id,
        recommended.requests,
        recommended.routable_cost_usd,
        recommended.what_if_cost_usd,
        recommended.current_tier_acceptance_rate,
        recommended.policy_tier_acceptance_rate,
        'route to ' || recommended.policy_model_id as proposed_decision,
        -recommended.saving_usd as expected_monthly_effect_usd,
        'routing owner' as owner_role,
        routing_policy.owner_team_id,
        teams.budget_owner_email as owner_email,
        recommended.next_review_date
    from recommended
    left join routing_policy on recommended.task_type = routing_policy.task_type
    left join teams on routing_policy.owner_team_id = teams.team_id
)

select * from final
order by expected_monthly_effect_usd asc, team_id asc, task_type asc, model_id asc
