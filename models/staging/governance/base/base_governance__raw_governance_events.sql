{#- The raw governance_events table in the raw contract's columns and types (macro raw_table), read once: the
    only model that reads this source. -#}
select * from {{ raw_table('governance', 'governance_events') }}
