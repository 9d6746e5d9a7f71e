-- Every raw row ends either in its staging model or in its quarantine model (duplicates are quarantined with a
-- duplicate_* reason): returns each raw table whose counts do not add up. The accepted calls are counted in
-- fct_llm_requests, their one table (one row per accepted call; the staging view would check every raw row again).
-- An absent raw table counts zero rows (raw_table).
{%- set raw_tables = [
    ('llm_requests', raw_table('telemetry', 'llm_requests'), ref('fct_llm_requests')),
    ('workflow_runs', raw_table('telemetry', 'workflow_runs'), ref('stg_telemetry__workflow_runs')),
    ('billing_focus', raw_table('focus', 'billing_focus'), ref('stg_focus__billing_focus')),
    ('governance_events', raw_table('governance', 'governance_events'), ref('stg_governance__governance_events')),
    ('ai_subscriptions', raw_table('saas', 'ai_subscriptions'), ref('stg_saas__ai_subscriptions')),
] %}

with

counts as (
    {%- for name, raw, staged in raw_tables %}
        select
            '{{ name }}' as raw_table,
            (select count(*) from {{ raw }} as raw_rows) as raw_rows,
            (select count(*) from {{ staged }}) as kept_rows,
            (select count(*) from {{ ref('quarantine_' ~ name) }}) as quarantined_rows
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from counts
where raw_rows != kept_rows + quarantined_rows
