{#- Days on which a team or workflow broke one of the anomaly rules of the `anomaly_rules` seed, with what was
    observed, what the trailing baseline expected, the rule's score and a severity. Consecutive alerts of one
    rule and scope (gaps of up to three days, e.g. a quiet weekend) form an episode, named by the alert key of
    its first day: `rule:scope_type:scope_id:first day`; governance events answer an episode with that key or
    the key of any of its days. A threshold of 0 in the seed means the rule does not use that test. One row per
    day x scope x rule. -#}
with

scope_days as (
    select * from {{ ref('anomaly_scope_days') }}
    where has_full_baseline
),

rules as (
    select * from {{ ref('anomaly_rules') }}
),

workflows as (
    select * from {{ ref('dim_workflows') }}
),

spend_growth_rule as (
    -- Weekdays: spend against the same scope's weekdays.
    select
        date_day,
        scope_type,
        scope_id,
        'unusual_spend_growth' as rule,
        spend_usd,
        spend_usd as observed_value,
        baseline_spend_usd as expected_value,
        (spend_usd - baseline_spend_usd)
        / greatest(baseline_spend_stddev_usd, 0.1 * baseline_spend_usd, 0.01) as score,
        spend_usd / greatest(baseline_spend_usd, 0.01) as change_value,
        cast(null as {{ dbt.type_bigint() }}) as volume,
        spend_usd - baseline_spend_usd as excess_cost_usd
    from scope_days
    where not is_weekend
),

weekend_usage_rule as (
    -- Weekends: work items (runs and calls outside runs) against the same scope's weekend days; not spend or
    -- calls, so that one long agent run is not a spike.
    select
        date_day,
        scope_type,
        scope_id,
        'unexpected_weekend_usage' as rule,
        spend_usd,
        work_items as observed_value,
        baseline_work_items as expected_value,
        (work_items - baseline_work_items)
        / greatest(baseline_work_items_stddev, 0.1 * baseline_work_items, 1) as score,
        work_items / greatest(baseline_work_items, 1) as change_value,
        work_items as volume,
        spend_usd - baseline_spend_usd as excess_cost_usd
    from scope_days
    where is_weekend
),

token_ratio_rule as (
    select
        date_day,
        scope_type,
        scope_id,
        'high_output_input_ratio' as rule,
        spend_usd,
        output_tokens / nullif(input_tokens, 0) as observed_value,
        baseline_output_tokens / nullif(baseline_input_tokens, 0) as expected_value,
        (output_tokens / nullif(input_tokens, 0))
        / nullif(baseline_output_tokens / nullif(baseline_input_tokens, 0), 0) as score,
        (output_tokens / nullif(input_tokens, 0))
        / nullif(baseline_output_tokens / nullif(baseline_input_tokens, 0), 0) as change_value,
        requests as volume,
        spend_usd - baseline_spend_usd as excess_cost_usd
    from scope_days
),

failed_runs_rule as (
    select
        date_day,
        scope_type,
        scope_id,
        'repeated_failed_runs' as rule,
        spend_usd,
        failed_runs as observed_value,
        baseline_failed_runs as expected_value,
        (failed_runs - baseline_failed_runs) / sqrt(greatest(baseline_failed_runs, 1)) as score,
        failed_run_cost_usd / greatest(baseline_failed_run_cost_usd, 0.01) as change_value,
        failed_runs as volume,
        failed_run_cost_usd - baseline_failed_run_cost_usd as excess_cost_usd
    from scope_days
),

premium_drift_rule as (
    select
        date_day,
        scope_type,
        scope_id,
        'premium_model_drift' as rule,
        spend_usd,
        recent_premium_share as observed_value,
        baseline_premium_share as expected_value,
        (recent_premium_share - baseline_premium_share) / greatest(baseline_premium_share_stddev, 0.02) as score,
        recent_premium_share - baseline_premium_share as change_value,
        recent_production_requests as volume,
        spend_usd - baseline_spend_usd as excess_cost_usd
    from scope_days
),

no_accepted_output_rule as (
    select
        date_day,
        scope_type,
        scope_id,
        'spend_without_accepted_outputs' as rule,
        spend_usd,
        accepted_runs as observed_value,
        baseline_accepted_runs as expected_value,
        baseline_accepted_runs as score,
        cast(null as {{ type_double() }}) as change_value,
        completed_runs as volume,
        spend_usd as excess_cost_usd
    from scope_days
    where accepted_runs = 0 and spend_usd > 0
),

judged as (
    select * from spend_growth_rule
    union all
    select * from weekend_usage_rule
    union all
    select * from token_ratio_rule
    union all
    select * from failed_runs_rule
    union all
    select * from premium_drift_rule
    union all
    select * from no_accepted_output_rule
),

alerts as (
    select
        judged.date_day as anomaly_date,
        judged.rule,
        judged.scope_type,
        judged.scope_id,
        judged.observed_value,
        judged.expected_value,
        judged.score,
        cast(rules.min_score as {{ type_double() }}) as min_score,
        judged.change_value,
        cast(judged.volume as {{ dbt.type_bigint() }}) as volume,
        judged.spend_usd,
        judged.excess_cost_usd,
        case
            when
                judged.score >= 4 * rules.min_score
                or judged.excess_cost_usd >= {{ var('anomaly_critical_excess_usd') }}
                then 'critical'
            when
                judged.score >= 2 * rules.min_score
                or judged.excess_cost_usd >= {{ var('anomaly_high_excess_usd') }}
                then 'high'
            else 'warning'
        end as severity
    from judged
    inner join rules
        on judged.rule = rules.rule and judged.scope_type = rules.scope_type
    where
        judged.score >= rules.min_score
        and (rules.min_change = 0 or judged.change_value >= rules.min_change)
        and (rules.min_volume = 0 or judged.volume >= rules.min_volume)
        and (rules.min_excess_usd = 0 or judged.excess_cost_usd >= rules.min_excess_usd)
),

episode_starts as (
    select
        *,
        case
            when
                {{ dbt.datediff(
                    'lag(anomaly_date) over (partition by rule, scope_type, scope_id order by anomaly_date)',
                    'anomaly_date',
                    'day'
                ) }} <= 4
                then 0
            else 1
        end as starts_episode
    from alerts
),

episodes as (
    select
        *,
        sum(starts_episode) over (
            partition by rule, scope_type, scope_id
            order by anomaly_date
            rows between unbounded preceding and current row
        ) as episode_number
    from episode_starts
),

with_episode_bounds as (
    select
        *,
        min(anomaly_date) over (partition by rule, scope_type, scope_id, episode_number) as episode_start_date,
        max(anomaly_date) over (partition by rule, scope_type, scope_id, episode_number) as episode_end_date
    from episodes
),

final as (
    select
        with_episode_bounds.anomaly_date,
        with_episode_bounds.rule,
        with_episode_bounds.scope_type,
        with_episode_bounds.scope_id,
        case
            -- Spend nobody is tagged for ("unallocated") has no team to answer for it.
            when with_episode_bounds.scope_type = 'team' then nullif(with_episode_bounds.scope_id, 'unallocated')
            else workflows.owner_team_id
        end as owner_team_id,
        with_episode_bounds.observed_value,
        with_episode_bounds.expected_value,
        with_episode_bounds.score,
        with_episode_bounds.min_score,
        with_episode_bounds.change_value,
        with_episode_bounds.volume,
        with_episode_bounds.spend_usd,
        with_episode_bounds.excess_cost_usd,
        with_episode_bounds.severity,
        {{ alert_key('with_episode_bounds', 'anomaly_date') }} as alert_key,
        {{ alert_key('with_episode_bounds', 'episode_start_date') }} as episode_key,
        with_episode_bounds.episode_start_date,
        with_episode_bounds.episode_end_date,
        with_episode_bounds.anomaly_date = with_episode_bounds.episode_start_date as is_episode_start
    from with_episode_bounds
    left join workflows
        on with_episode_bounds.scope_type = 'workflow' and with_episode_bounds.scope_id = workflows.workflow_id
)

select * from final
