{#- The request ids that occur more than once among the raw calls, found on the raw id column alone, so the wide
    rows of these ids are checked and ranked (base_telemetry__llm_request_copies) without checking every call
    again. A first or full build groups every raw id. An incremental build adds the ids of the calls the request
    facts re-read in this build (their lookback window, read from their table before they are rebuilt, and the
    undated calls) that occur more than once among all raw calls: a late copy of an earlier request arrives in
    that window and is counted with every earlier copy, so the ids of older days are not grouped again (at 10M
    calls, in the daily build: 1.3 s against 4 s; docs/scale.md). An id is never removed; one left with a single
    copy is harmless, as the copies model counts the copies again. -#}
{{ config(
    materialized='incremental',
    unique_key='request_id',
    incremental_strategy='merge' if target.type == 'bigquery' else 'delete+insert',
    on_schema_change='fail'
) }}

with

raw_calls as (
    select cast(request_id as {{ dbt.type_string() }}) as request_id
    from {{ ref('base_telemetry__raw_llm_requests') }}
    where request_id is not null
),

{% if is_incremental() -%}
    window_calls as (
        select cast(request_id as {{ dbt.type_string() }}) as request_id
        from {{ ref('base_telemetry__raw_llm_requests') }}
        where
            request_id is not null
            and ({{ incremental_raw_rows("started_at", other_model_lookback_start("fct_llm_requests", "started_date")) }})
    ),

    known_ids as (
        select request_id from {{ this }}
    ),
{%- endif %}

final as (
    select raw_calls.request_id
    from raw_calls
    {% if is_incremental() -%}
        where
            raw_calls.request_id in (select window_calls.request_id from window_calls)
            and raw_calls.request_id not in (select known_ids.request_id from known_ids)
    {%- endif %}
    group by raw_calls.request_id
    having count(*) > 1
)

select * from final
