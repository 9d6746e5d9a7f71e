{#- What each raw table of the contract brought to this build: its rows, how many were kept and quarantined, and
    whether it was absent (no folder, no file or no row: only llm_requests is required; the marts of an absent
    table are empty). The dashboards read it to say what is missing instead of showing zeros as facts. One row per
    raw table. -#}
{%- set raw_tables = [
    ('llm_requests', 'telemetry', raw_table('telemetry', 'llm_requests'), ref('fct_llm_requests')),
    ('workflow_runs', 'telemetry', raw_table('telemetry', 'workflow_runs'), ref('stg_telemetry__workflow_runs')),
    ('billing_focus', 'focus', raw_table('focus', 'billing_focus'), ref('stg_focus__billing_focus')),
    ('governance_events', 'governance', raw_table('governance', 'governance_events'),
        ref('stg_governance__governance_events')),
    ('ai_subscriptions', 'saas', raw_table('saas', 'ai_subscriptions'), ref('stg_saas__ai_subscriptions')),
] %}

with

counts as (
    {%- for name, source_name, raw, kept in raw_tables %}
        select
            '{{ name }}' as raw_table,
            '{{ source_name }}' as source_name,
            {{ 'true' if name == 'llm_requests' else 'false' }} as is_required,
            (select count(*) from {{ raw }} as raw_rows) as raw_rows,
            (select count(*) from {{ kept }} as kept_rows) as kept_rows,
            (select count(*) from {{ ref('quarantine_' ~ name) }} as quarantined_rows) as quarantined_rows
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        raw_table,
        source_name,
        is_required,
        raw_rows,
        kept_rows,
        quarantined_rows,
        raw_rows = 0 as is_absent,
        {{ build_started_at() }} as built_at
    from counts
)

select * from final
