{#- Daily model spend (USD, at list) for every scope a budget or a forecast can name: the company, each
    department, team, project, workflow, API key, model tier and provider. One row per day x scope type x scope
    id (days with calls only). Built incrementally by day, like fct_daily_spend (see incremental_lookback). -#}
{{ incremental_by_day('spend_date', ['scope_type', 'scope_id']) }}
{%- set scopes = [
    ('company', "'acme'"),
    ('department', 'department_id'),
    ('team', 'team_id'),
    ('project', 'project_id'),
    ('workflow', 'workflow_id'),
    ('api_key', 'api_key_id'),
    ('model_tier', 'model_tier'),
    ('provider', 'provider'),
] %}

with

requests as (
    select * from {{ ref('fct_llm_requests') }}
    {% if is_incremental() -%}
        where started_date >= {{ incremental_lookback_start('spend_date') }}
    {%- endif %}
),

by_scope as (
    {%- for scope_type, scope_column in scopes %}
        select
            started_date as spend_date,
            '{{ scope_type }}' as scope_type,
            cast({{ scope_column }} as {{ dbt.type_string() }}) as scope_id,
            coalesce(sum(model_cost_usd), 0) as spend_usd
        from requests
        where {{ scope_column }} is not null
        group by 1, 2, 3
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from by_scope
