{#- How fast each team answers its anomalies: episodes detected in the month (by the team owning the scope),
    how many were acknowledged and resolved, median and mean hours from detection to acknowledgement and to
    resolution, and how many are still open. One row per month x owner team. -#}
with

remediation as (
    select * from {{ ref('anomaly_remediation') }}
),

final as (
    select
        cast({{ dbt.date_trunc('month', 'episode_start_date') }} as date) as month_start_date,
        owner_team_id,
        count(*) as episodes_detected,
        {{ count_if('acknowledged_at is not null') }} as episodes_acknowledged,
        {{ count_if('resolved_at is not null') }} as episodes_resolved,
        {{ count_if('is_open') }} as episodes_open,
        {{ median('hours_to_acknowledge') }} as median_hours_to_acknowledge,
        {{ median('hours_to_resolve') }} as median_hours_to_resolve,
        avg(hours_to_resolve) as mean_hours_to_resolve,
        sum(excess_cost_usd) as excess_cost_usd
    from remediation
    group by 1, 2
)

select * from final
