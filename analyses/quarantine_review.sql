-- Weekly review of rejected telemetry: which reasons, from which API keys, over which days.
-- Compile with `dbt compile --select quarantine_review` and run the SQL in target/compiled.
with

quarantined_requests as (
    select * from {{ ref('quarantine_llm_requests') }}
),

summarised as (
    select
        rejection_reason,
        api_key_id,
        count(*) as rejected_rows,
        min(started_at) as first_seen_at,
        max(started_at) as last_seen_at
    from quarantined_requests
    group by rejection_reason, api_key_id
)

select * from summarised
order by rejected_rows desc
