{#- Each anomaly episode and how it was handled: detected when the daily build after its first day could
    first report it (the next midnight UTC), acknowledged and resolved by the first governance events whose
    alert_key names the episode (its rule and scope, and a day inside it). Episodes without a resolution are
    open. One row per anomaly episode. -#}
with

anomalies as (
    select * from {{ ref('cost_anomalies') }}
),

governance_events as (
    select * from {{ ref('stg_governance__governance_events') }}
),

episodes as (
    select
        episode_key,
        rule,
        scope_type,
        scope_id,
        owner_team_id,
        min(episode_start_date) as episode_start_date,
        max(episode_end_date) as episode_end_date,
        cast(count(*) as {{ dbt.type_bigint() }}) as alert_days,
        max(score) as peak_score,
        max(case severity when 'critical' then 3 when 'high' then 2 else 1 end) as severity_rank,
        sum(greatest(excess_cost_usd, 0)) as excess_cost_usd
    from anomalies
    group by 1, 2, 3, 4, 5
),

alert_events as (
    select
        event_id,
        event_type,
        occurred_at,
        coalesce(approved_by, requested_by) as handled_by,
        {{ dbt.split_part('alert_key', "':'", 1) }} as answered_rule,
        {{ dbt.split_part('alert_key', "':'", 2) }} as scope_type,
        {{ dbt.split_part('alert_key', "':'", 3) }} as scope_id,
        {{ dbt.safe_cast(dbt.split_part('alert_key', "':'", 4), api.Column.translate_type('date')) }} as alert_date
    from governance_events
    where event_type in ('alert_acknowledged', 'alert_resolved') and alert_key is not null
),

episode_events as (
    select
        episodes.episode_key,
        alert_events.event_type,
        alert_events.occurred_at,
        alert_events.handled_by,
        row_number() over (
            partition by episodes.episode_key, alert_events.event_type order by alert_events.occurred_at
        ) as event_order
    from episodes
    inner join alert_events
        on
            episodes.scope_type = alert_events.scope_type
            and episodes.scope_id = alert_events.scope_id
            and alert_events.alert_date between episodes.episode_start_date and episodes.episode_end_date
),

first_events as (
    select
        episode_key,
        max(case when event_type = 'alert_acknowledged' then occurred_at end) as acknowledged_at,
        max(case when event_type = 'alert_acknowledged' then handled_by end) as acknowledged_by,
        max(case when event_type = 'alert_resolved' then occurred_at end) as resolved_at,
        max(case when event_type = 'alert_resolved' then handled_by end) as resolved_by
    from episode_events
    where event_order = 1
    group by 1
),

final as (
    select
        episodes.episode_key,
        episodes.rule,
        episodes.scope_type,
        episodes.scope_id,
        episodes.owner_team_id,
        episodes.episode_start_date,
        episodes.episode_end_date,
        episodes.alert_days,
        case episodes.severity_rank when 3 then 'critical' when 2 then 'high' else 'warning' end as max_severity,
        episodes.peak_score,
        episodes.excess_cost_usd,
        cast({{ dbt.dateadd('day', 1, 'episodes.episode_start_date') }} as {{ dbt.type_timestamp() }})
            as detected_at,
        first_events.acknowledged_at,
        first_events.acknowledged_by,
        first_events.resolved_at,
        first_events.resolved_by,
        {{ dbt.datediff(
            'cast(' ~ dbt.dateadd('day', 1, 'episodes.episode_start_date') ~ ' as ' ~ dbt.type_timestamp() ~ ')',
            'first_events.acknowledged_at', 'minute') }} / 60.0 as hours_to_acknowledge,
        {{ dbt.datediff(
            'cast(' ~ dbt.dateadd('day', 1, 'episodes.episode_start_date') ~ ' as ' ~ dbt.type_timestamp() ~ ')',
            'first_events.resolved_at', 'minute') }} / 60.0 as hours_to_resolve,
        case
            when first_events.resolved_at is not null then 'resolved'
            when first_events.acknowledged_at is not null then 'acknowledged'
            else 'open'
        end as remediation_status,
        first_events.resolved_at is null as is_open
    from episodes
    left join first_events
        on episodes.episode_key = first_events.episode_key
)

select * from final
