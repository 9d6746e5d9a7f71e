-- Every raw row ends either in its staging model or in its quarantine model (duplicates are quarantined with a
-- duplicate_* reason): returns each raw table whose counts do not add up (tables of raw_contract_tables; an absent
-- raw table counts zero rows).
with

counts as (
    {%- for name, source_name, kept in raw_contract_tables() %}
        select
            '{{ name }}' as raw_table,
            (select count(*) from {{ raw_table(source_name, name) }} as raw_rows) as raw_rows,
            (select count(*) from {{ ref(kept) }}) as kept_rows,
            (select count(*) from {{ ref('quarantine_' ~ name) }}) as quarantined_rows
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from counts
where raw_rows != kept_rows + quarantined_rows
