{#- What each raw table of the contract brought to this build: its rows, how many were kept and quarantined, and
    whether it was absent (no folder, no file or no row: only llm_requests is required; the marts of an absent
    table are empty). The dashboards read it to say what is missing instead of showing zeros as facts. One row per
    raw table. -#}
with

counts as (
    {%- for name, source_name, kept in raw_contract_tables() %}
        select
            '{{ name }}' as raw_table,
            '{{ source_name }}' as source_name,
            {{ loop.index }} as contract_order,
            {{ 'true' if name == 'llm_requests' else 'false' }} as is_required,
            (select count(*) from {{ raw_table(source_name, name) }} as raw_rows) as raw_rows,
            (select count(*) from {{ ref(kept) }}) as kept_rows,
            (select count(*) from {{ ref('quarantine_' ~ name) }}) as quarantined_rows
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        raw_table,
        source_name,
        contract_order,
        is_required,
        raw_rows,
        kept_rows,
        quarantined_rows,
        raw_rows = 0 as is_absent,
        {{ build_started_at() }} as built_at
    from counts
)

select * from final
