{#- The family of every model the invoice bills or telemetry calls, per provider: the model id rewritten by seed
    model_family_rewrites (no Bedrock profile, developer prefix, version suffix or snapshot date; versions
    hyphenated), so allocation meets a billed model and the calls of the same model named otherwise.
    One row per provider x model id. -#}
{%- set max_rewrites = 6 %}

with

billing_lines as (
    select * from {{ ref('stg_focus__billing_focus') }}
),

monthly_costs as (
    select * from {{ ref('llm_costs_monthly') }}
),

rewrites as (
    select * from {{ ref('model_family_rewrites') }}
),

model_names as (
    select distinct
        provider,
        model_id,
        lower(model_id) as form_0
    from (
        select
            provider,
            model_id
        from billing_lines
        where is_model_usage and model_id is not null
        union all
        select
            provider,
            model_id
        from monthly_costs
        where model_id is not null
    ) as named
),

{% for step in range(1, max_rewrites + 1) -%}
    rewrite_{{ step }} as (
        -- One row: rewrite {{ step }} of the seed, or nulls when it has none.
        select
            max(pattern) as pattern,
            max(coalesce(replacement, '')) as replacement
        from rewrites
        where rewrite_order = {{ step }}
    ),

    rewritten_{{ step }} as (
        select
            previous.*,
            coalesce(
                {{ regex_replace_all(
                    'previous.form_' ~ (step - 1),
                    'rewrite_' ~ step ~ '.pattern',
                    'rewrite_' ~ step ~ '.replacement',
                ) }},
                previous.form_{{ step - 1 }}
            ) as form_{{ step }}
        from {{ 'model_names' if step == 1 else 'rewritten_' ~ (step - 1) }} as previous
        cross join rewrite_{{ step }}
    ),

{% endfor -%}
final as (
    select
        provider,
        model_id,
        form_{{ max_rewrites }} as model_family
    from rewritten_{{ max_rewrites }}
)

select * from final
