{#- What each raw table of the contract brought to this build: its rows, how many were kept and quarantined, and
    whether it was absent (no folder, no file or no row: only llm_requests is required; the marts of an absent
    table are empty). The dashboards read it to say what is missing instead of showing zeros as facts. One row per
    raw table. -#}
with

counts as (
    {{ raw_row_counts() }}
),

final as (
    select
        raw_table,
        source_name,
        contract_order,
        raw_table = 'llm_requests' as is_required,
        raw_rows,
        kept_rows,
        quarantined_rows,
        raw_rows = 0 as is_absent,
        {{ build_started_at() }} as built_at
    from counts
)

select * from final
