{#- The raw ai_subscriptions table in the raw contract's columns and types (macro raw_table), read once: the
    only model that reads this source. -#}
select * from {{ raw_table('saas', 'ai_subscriptions') }}
