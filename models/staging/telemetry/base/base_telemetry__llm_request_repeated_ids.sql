{#- The request ids that occur more than once among the raw calls, found on the raw id column alone. A table
    rebuilt on every run (a copy arriving days after the first must meet it), so the wide rows of these ids are
    checked and ranked without checking every call again. -#}
{{ config(materialized='table') }}

with

raw_calls as (
    select request_id from {{ source('telemetry', 'llm_requests') }}
),

final as (
    select cast(request_id as {{ dbt.type_string() }}) as request_id
    from raw_calls
    where request_id is not null
    group by request_id
    having count(*) > 1
)

select * from final
