-- Monthly review, output 1 of 5: budget changes. One row per budget of the reviewed month, with the spend
-- against it, the next month's forecast range, a proposal (raise to the p90 forecast when it exceeds the
-- budget, lower to it when it falls under var review_budget_low_share of the budget, else keep), its effect
-- on next month's budget, the budget owner and the next review date.
-- dbt compile --select budget_changes [--vars '{review_month: 2026-05-01}'], then run the compiled SQL.
with

review as (
    {{ monthly_review_dates() }}
),

budget_months as (
    select * from {{ ref('budget_status') }}
),

budgets as (
    select * from {{ ref('budgets') }}
),

forecasts as (
    select * from {{ ref('spend_forecast') }}
),

reviewed_budgets as (
    select
        budget_months.*,
        review.review_month,
        review.next_review_date
    from budget_months
    inner join review on budget_months.month_start_date = review.review_month
),

next_month_forecasts as (
    select
        forecasts.scope_type,
        forecasts.scope_id,
        forecasts.forecast_usd,
        forecasts.forecast_p90_usd
    from forecasts
    inner join review
        on forecasts.forecast_month = review.following_month
    where forecasts.as_of_date = (
        select max(latest.as_of_date) from forecasts as latest
        where latest.forecast_month = forecasts.forecast_month
    )
),

planned as (
    select
        reviewed_budgets.*,
        next_month_forecasts.forecast_usd as next_month_forecast_usd,
        next_month_forecasts.forecast_p90_usd as next_month_p90_usd,
        -- Scopes without a forecast (API keys, projects, model tiers) plan on this month's spend.
        coalesce(next_month_forecasts.forecast_p90_usd, reviewed_budgets.spend_to_date_usd) as planning_usd
    from reviewed_budgets
    left join next_month_forecasts
        on
            reviewed_budgets.scope_type = next_month_forecasts.scope_type
            and reviewed_budgets.scope_id = next_month_forecasts.scope_id
),

proposed as (
    select
        *,
        case
            when planning_usd > budget_usd then 'raise'
            when planning_usd < {{ var('review_budget_low_share') }} * budget_usd then 'lower'
            else 'keep'
        end as proposed_decision
    from planned
),

final as (
    select
        proposed.review_month,
        proposed.budget_id,
        proposed.scope_type,
        proposed.scope_id,
        proposed.cap_type,
        proposed.base_budget_usd,
        proposed.overrides_usd,
        proposed.budget_usd,
        proposed.spend_to_date_usd,
        proposed.budget_used_pct,
        proposed.highest_threshold_crossed,
        proposed.is_hard_cap_breached,
        proposed.next_month_forecast_usd,
        proposed.next_month_p90_usd,
        proposed.proposed_decision,
        case
            when proposed.proposed_decision = 'keep' then proposed.base_budget_usd
            else ceil(proposed.planning_usd)
        end as proposed_budget_usd,
        case
            when proposed.proposed_decision = 'keep' then 0
            else ceil(proposed.planning_usd) - proposed.base_budget_usd
        end as expected_monthly_effect_usd,
        'budget owner' as owner_role,
        budgets.owner_email,
        proposed.next_review_date
    from proposed
    left join budgets on proposed.budget_id = budgets.budget_id
)

select * from final
order by abs(expected_monthly_effect_usd) desc, budget_id asc
