-- Every raw row ends either in its staging model or in its quarantine model (duplicates are quarantined with a
-- duplicate_* reason): returns each raw table whose counts do not add up (tables of raw_contract_tables; an absent
-- raw table counts zero rows).
with

counts as (
    {{ raw_row_counts() }}
)

select * from counts
where raw_rows != kept_rows + quarantined_rows
