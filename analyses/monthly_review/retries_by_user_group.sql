-- Dashboard question: which user group needs training because retries are high? One row per team (the user
-- group of a call's user) of the reviewed month: active users, calls, retried calls, the retry rate against
-- the company's, the retries' cost, and how many users retry at over twice the company's rate; highest first.
with

review as (
    {{ monthly_review_dates() }}
),

requests as (
    select * from {{ ref('fct_llm_requests') }}
),

month_requests as (
    select
        requests.team_id,
        requests.user_id,
        requests.request_count,
        requests.is_retry,
        requests.model_cost_usd,
        review.review_month
    from requests
    inner join review
        on requests.started_date >= review.review_month and requests.started_date < review.following_month
),

company as (
    select sum(case when is_retry then request_count else 0 end) * 1.0 / sum(request_count) as company_retry_rate
    from month_requests
),

by_user as (
    select
        review_month,
        team_id,
        user_id,
        sum(request_count) as requests,
        sum(case when is_retry then request_count else 0 end) as retried_requests,
        sum(case when is_retry then model_cost_usd else 0 end) as retry_cost_usd
    from month_requests
    group by review_month, team_id, user_id
),

by_team as (
    select
        by_user.review_month,
        by_user.team_id,
        count(distinct by_user.user_id) as active_users,
        sum(by_user.requests) as requests,
        sum(by_user.retried_requests) as retried_requests,
        sum(by_user.retry_cost_usd) as retry_cost_usd,
        sum(
            case when by_user.retried_requests > 2 * company.company_retry_rate * by_user.requests then 1 else 0 end
        ) as users_retrying_over_twice_company_rate,
        max(company.company_retry_rate) as company_retry_rate
    from by_user
    cross join company
    group by by_user.review_month, by_user.team_id
),

final as (
    select
        review_month,
        team_id,
        active_users,
        requests,
        retried_requests,
        retried_requests * 1.0 / requests as retry_rate,
        company_retry_rate,
        retry_cost_usd,
        users_retrying_over_twice_company_rate
    from by_team
)

select * from final
order by retry_rate desc, team_id asc
