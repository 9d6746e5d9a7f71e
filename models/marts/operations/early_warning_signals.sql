{#- Weekly signals that usually move before the bill does, per team and workflow (workflow traffic only): the
    escalation rate (share of runs that fell back or used a premium-tier model), the cache hit rate (share of
    calls that read from the cache) and the average agent steps per run. Each is compared with the four weeks
    before (pooled over those weeks): the trend is the difference, the score is the trend in standard errors
    (binomial for the two rates with p(1 - p) at least 0.05, the baseline's spread of steps per run for loops).
    Weeks without four earlier weeks of the same team and workflow are not flagged. A flag is raised when the
    signal moves the wrong way by at least the `early_warning` var's absolute and relative amounts with a score
    of at least its min_score, so a few long runs do not raise it. Measured per run and per call rather than per
    token because agent runs and long-context calls make token shares swing. Team is the charged team of calls
    and the requesting team of runs. One row per week x team x workflow. -#}
{%- set settings = var('early_warning') %}

with

daily_spend as (
    select * from {{ ref('fct_daily_spend') }}
),

workflow_runs as (
    select * from {{ ref('fct_workflow_runs') }}
),

dates as (
    select * from {{ ref('dim_dates') }}
),

calls_by_week as (
    select
        dates.week_start_date,
        daily_spend.team_id,
        daily_spend.workflow_id,
        cast(sum(daily_spend.requests) as {{ dbt.type_bigint() }}) as requests,
        cast(sum(daily_spend.cache_hit_requests) as {{ dbt.type_bigint() }}) as cache_hit_requests,
        sum(daily_spend.model_cost_usd) as model_cost_usd
    from daily_spend
    inner join dates
        on daily_spend.spend_date = dates.date_day
    where daily_spend.workflow_id is not null and daily_spend.team_id is not null
    group by 1, 2, 3
),

runs_by_week as (
    select
        dates.week_start_date,
        workflow_runs.team_id,
        workflow_runs.workflow_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as runs,
        -- Escalated: a call fell back, or a call (not a fallback, which the first case counts) used a premium model.
        {{ count_if("workflow_runs.fallbacks > 0 or workflow_runs.top_model_tier = 'premium'") }} as escalated_runs,
        cast(sum(workflow_runs.agent_steps) as {{ dbt.type_bigint() }}) as agent_steps,
        cast(sum(workflow_runs.agent_steps * workflow_runs.agent_steps) as {{ dbt.type_bigint() }})
            as agent_steps_squared
    from workflow_runs
    inner join dates
        on workflow_runs.started_date = dates.date_day
    group by 1, 2, 3
),

weekly as (
    select
        calls_by_week.week_start_date,
        week_dates.day_number as week_day_number,
        calls_by_week.team_id,
        calls_by_week.workflow_id,
        calls_by_week.requests,
        calls_by_week.cache_hit_requests,
        calls_by_week.model_cost_usd,
        coalesce(runs_by_week.runs, 0) as runs,
        coalesce(runs_by_week.escalated_runs, 0) as escalated_runs,
        coalesce(runs_by_week.agent_steps, 0) as agent_steps,
        coalesce(runs_by_week.agent_steps_squared, 0) as agent_steps_squared
    from calls_by_week
    inner join dates as week_dates
        on calls_by_week.week_start_date = week_dates.date_day
    left join runs_by_week
        on
            calls_by_week.week_start_date = runs_by_week.week_start_date
            and calls_by_week.team_id = runs_by_week.team_id
            and calls_by_week.workflow_id = runs_by_week.workflow_id
),

with_baseline as (
    select
        *,
        1.0 * escalated_runs / nullif(runs, 0) as escalation_rate,
        1.0 * cache_hit_requests / nullif(requests, 0) as cache_hit_rate,
        1.0 * agent_steps / nullif(runs, 0) as avg_agent_steps_per_run,
        1.0 * sum(escalated_runs) over previous_weeks
        / nullif(sum(runs) over previous_weeks, 0) as baseline_escalation_rate,
        1.0 * sum(cache_hit_requests) over previous_weeks
        / nullif(sum(requests) over previous_weeks, 0) as baseline_cache_hit_rate,
        1.0 * sum(agent_steps) over previous_weeks
        / nullif(sum(runs) over previous_weeks, 0) as baseline_avg_agent_steps_per_run,
        1.0 * sum(agent_steps_squared) over previous_weeks
        / nullif(sum(runs) over previous_weeks, 0) as baseline_mean_squared_steps,
        week_day_number - min(week_day_number) over (partition by team_id, workflow_id) >= 28 as has_full_baseline
    from weekly
    window previous_weeks as (
        partition by team_id, workflow_id
        order by week_day_number
        range between 28 preceding and 7 preceding
    )
),

scored as (
    select
        *,
        escalation_rate - baseline_escalation_rate as escalation_rate_trend,
        cache_hit_rate - baseline_cache_hit_rate as cache_hit_rate_trend,
        avg_agent_steps_per_run - baseline_avg_agent_steps_per_run as agent_steps_trend,
        (escalation_rate - baseline_escalation_rate)
        / sqrt(greatest(baseline_escalation_rate * (1 - baseline_escalation_rate), 0.05) / nullif(runs, 0))
            as escalation_score,
        (baseline_cache_hit_rate - cache_hit_rate)
        / sqrt(greatest(baseline_cache_hit_rate * (1 - baseline_cache_hit_rate), 0.05) / nullif(requests, 0))
            as cache_hit_fall_score,
        (avg_agent_steps_per_run - baseline_avg_agent_steps_per_run)
        / sqrt(
            greatest(
                baseline_mean_squared_steps - baseline_avg_agent_steps_per_run * baseline_avg_agent_steps_per_run,
                1
            )
            / nullif(runs, 0)
        ) as agent_steps_score
    from with_baseline
),

flagged as (
    select
        *,
        coalesce(
            has_full_baseline
            and runs >= {{ settings.min_runs }}
            and escalation_score >= {{ settings.min_score }}
            and escalation_rate_trend >= {{ settings.escalation_rise }}
            and escalation_rate >= {{ settings.relative_change }} * baseline_escalation_rate,
            false
        ) as is_escalation_rising,
        coalesce(
            has_full_baseline
            and requests >= {{ settings.min_requests }}
            and cache_hit_fall_score >= {{ settings.min_score }}
            and -cache_hit_rate_trend >= {{ settings.cache_hit_fall }}
            and cache_hit_rate * {{ settings.relative_change }} <= baseline_cache_hit_rate,
            false
        ) as is_cache_hit_falling,
        coalesce(
            has_full_baseline
            and runs >= {{ settings.min_runs }}
            and agent_steps_score >= {{ settings.min_score }}
            and agent_steps_trend >= {{ settings.agent_steps_rise }}
            and avg_agent_steps_per_run >= {{ settings.relative_change }} * baseline_avg_agent_steps_per_run,
            false
        ) as is_loop_count_climbing
    from scored
),

final as (
    select
        week_start_date,
        team_id,
        workflow_id,
        requests,
        runs,
        model_cost_usd,
        has_full_baseline,
        escalation_rate,
        baseline_escalation_rate,
        escalation_rate_trend,
        escalation_score,
        is_escalation_rising,
        cache_hit_rate,
        baseline_cache_hit_rate,
        cache_hit_rate_trend,
        cache_hit_fall_score,
        is_cache_hit_falling,
        avg_agent_steps_per_run,
        baseline_avg_agent_steps_per_run,
        agent_steps_trend,
        agent_steps_score,
        is_loop_count_climbing,
        is_escalation_rising or is_cache_hit_falling or is_loop_count_climbing as has_warning
    from flagged
)

select * from final
