{#- The raw workflow_runs table in the raw contract's columns and types (macro raw_table), read once: the only
    model that reads this source. -#}
select * from {{ raw_table('telemetry', 'workflow_runs') }}
