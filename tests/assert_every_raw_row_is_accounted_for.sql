-- Every raw row ends either in its staging model or in its quarantine model (duplicates included there
-- with reason duplicate_*): returns each raw table whose counts do not add up.
with

raw_counts as (
    select
        'llm_requests' as raw_table,
        count(*) as raw_rows
    from {{ source('telemetry', 'llm_requests') }}
    union all
    select
        'workflow_runs' as raw_table,
        count(*) as raw_rows
    from {{ source('telemetry', 'workflow_runs') }}
    union all
    select
        'billing_focus' as raw_table,
        count(*) as raw_rows
    from {{ source('focus', 'billing_focus') }}
    union all
    select
        'governance_events' as raw_table,
        count(*) as raw_rows
    from {{ source('governance', 'governance_events') }}
    union all
    select
        'ai_subscriptions' as raw_table,
        count(*) as raw_rows
    from {{ source('saas', 'ai_subscriptions') }}
),

kept_counts as (
    select
        'llm_requests' as raw_table,
        count(*) as kept_rows
    from {{ ref('stg_telemetry__llm_requests') }}
    union all
    select
        'workflow_runs' as raw_table,
        count(*) as kept_rows
    from {{ ref('stg_telemetry__workflow_runs') }}
    union all
    select
        'billing_focus' as raw_table,
        count(*) as kept_rows
    from {{ ref('stg_focus__billing_focus') }}
    union all
    select
        'governance_events' as raw_table,
        count(*) as kept_rows
    from {{ ref('stg_governance__governance_events') }}
    union all
    select
        'ai_subscriptions' as raw_table,
        count(*) as kept_rows
    from {{ ref('stg_saas__ai_subscriptions') }}
),

quarantined_counts as (
    select
        'llm_requests' as raw_table,
        count(*) as quarantined_rows
    from {{ ref('quarantine_llm_requests') }}
    union all
    select
        'workflow_runs' as raw_table,
        count(*) as quarantined_rows
    from {{ ref('quarantine_workflow_runs') }}
    union all
    select
        'billing_focus' as raw_table,
        count(*) as quarantined_rows
    from {{ ref('quarantine_billing_focus') }}
    union all
    select
        'governance_events' as raw_table,
        count(*) as quarantined_rows
    from {{ ref('quarantine_governance_events') }}
    union all
    select
        'ai_subscriptions' as raw_table,
        count(*) as quarantined_rows
    from {{ ref('quarantine_ai_subscriptions') }}
),

compared as (
    select
        raw_counts.raw_table,
        raw_counts.raw_rows,
        kept_counts.kept_rows,
        quarantined_counts.quarantined_rows
    from raw_counts
    inner join kept_counts on raw_counts.raw_table = kept_counts.raw_table
    inner join quarantined_counts on raw_counts.raw_table = quarantined_counts.raw_table
)

select * from compared
where raw_rows != kept_rows + quarantined_rows
