{#- Daily model spend (USD, at list) for every scope a budget or a forecast can name: the company, each
    department, team, project, workflow, API key, model tier and provider. One row per day x scope type x scope
    id (days with calls only). Built incrementally by day, like fct_daily_spend (see incremental_lookback).
    The calls are summed once per day and combination of the scope columns; each scope sums those (a few hundred
    rows a day), not the calls again. -#}
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
{%- set scope_columns = scopes | map(attribute=1) | reject('equalto', "'acme'") | list %}

with

requests as (
    select * from {{ ref('fct_llm_requests') }}
    {% if is_incremental() -%}
        where started_date >= {{ incremental_lookback_start('spend_date') }}
    {%- endif %}
),

daily_combinations as (
    select
        started_date,
        {%- for column in scope_columns %}
            {{ column }},
        {%- endfor %}
        sum(model_cost_usd) as spend_usd
    from requests
    group by started_date, {{ scope_columns | join(', ') }}
),

by_scope as (
    {%- for scope_type, scope_column in scopes %}
        select
            started_date as spend_date,
            '{{ scope_type }}' as scope_type,
            cast({{ scope_column }} as {{ dbt.type_string() }}) as scope_id,
            coalesce(sum(spend_usd), 0) as spend_usd
        from daily_combinations
        where {{ scope_column }} is not null
        group by started_date{% if scope_column in scope_columns %}, {{ scope_column }}{% endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from by_scope
