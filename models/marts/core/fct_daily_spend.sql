{#- Built incrementally by day from fct_llm_requests: a day's row depends only on that day's requests, so an
    incremental build re-aggregates the days fct_llm_requests re-read (see incremental_lookback). -#}
{{ incremental_by_day('spend_date', ['team_id', 'provider', 'model_id']) }}

with

requests as (
    select * from {{ ref('fct_llm_requests') }}
    {% if is_incremental() -%}
        where started_date >= {{ incremental_lookback_start('spend_date') }}
    {%- endif %}
),

final as (
    select
        started_date as spend_date,
        coalesce(team_id, 'unallocated') as team_id,
        coalesce(workflow_id, 'ad_hoc') as workflow_id,
        provider,
        model_id,
        environment,
        max(model_tier) as model_tier,
        max(department_id) as department_id,
        max(cost_center_id) as cost_center_id,
        cast(sum(request_count) as {{ dbt.type_bigint() }}) as requests,
        {{ count_if("is_unpriced") }} as unpriced_requests,
        {{ count_if("is_error") }} as errored_requests,
        {{ count_if("is_fallback") }} as fallback_requests,
        {{ count_if("cache_read_input_tokens > 0") }} as cache_hit_requests,
        cast(sum(input_tokens) as {{ dbt.type_bigint() }}) as input_tokens,
        cast(sum(cache_read_input_tokens) as {{ dbt.type_bigint() }}) as cache_read_input_tokens,
        cast(sum(cache_creation_input_tokens) as {{ dbt.type_bigint() }}) as cache_creation_input_tokens,
        cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        coalesce(sum(input_cost_usd), 0) as input_cost_usd,
        coalesce(sum(cached_input_cost_usd), 0) as cached_input_cost_usd,
        coalesce(sum(cache_write_cost_usd), 0) as cache_write_cost_usd,
        coalesce(sum(output_cost_usd), 0) as output_cost_usd,
        coalesce(sum(model_cost_usd), 0) as model_cost_usd,
        coalesce(sum(cache_savings_usd), 0) as cache_savings_usd
    from requests
    group by
        started_date,
        coalesce(team_id, 'unallocated'),
        coalesce(workflow_id, 'ad_hoc'),
        provider,
        model_id,
        environment
)

select * from final
