{#- The body of a model resolving reported provider and model names against the price catalogue, one row per
    distinct name (base_telemetry__model_matches documents the rules; base_focus__model_matches applies them to
    the invoice's names). `raw_names` is a query with the columns provider_reported, reported_model and
    usage_source_reported (null where the source has none). -#}
{% macro catalogue_name_matches(raw_names) -%}
{%- set max_rewrites = 8 %}

with

raw_names as (
    -- One row per join key: a null and an empty value are the same key (the calls join on coalesce(x, '')), so
    -- they must be one name, or the calls carrying them would be joined twice.
    select distinct
        coalesce(provider_reported, '') as provider_reported,
        coalesce(reported_model, '') as reported_model,
        coalesce(usage_source_reported, '') as usage_source_reported
    from (
        {{ raw_names }}
    ) as reported_names
),

provider_aliases as (
    select * from {{ ref('provider_aliases') }}
),

catalogue_providers as (
    select * from {{ ref('catalogue_providers') }}
),

match_rules as (
    select * from {{ ref('model_match_rules') }}
),

rewrites as (
    select * from {{ ref('model_name_rewrites') }}
),

deployments as (
    select * from {{ ref('model_deployments') }}
),

custom_prices as (
    select * from {{ ref('custom_model_prices') }}
),

model_catalogue as (
    select * from {{ ref('model_catalogue') }}
),

model_tiers as (
    select * from {{ ref('model_tiers') }}
),

developers as (
    select * from {{ ref('model_developers') }}
),

conventions as (
    select * from {{ ref('token_conventions') }}
),

names as (
    select
        coalesce(provider_reported, '') as provider_join_key,
        coalesce(reported_model, '') as model_join_key,
        coalesce(usage_source_reported, '') as usage_source_join_key,
        {{ normalize_text('provider_reported') }} as provider_key,
        nullif(lower(trim(reported_model)), '') as model_text,
        coalesce({{ normalize_text('usage_source_reported') }}, 'contract') as usage_source,
        row_number() over (
            order by provider_reported, reported_model, usage_source_reported
        ) as name_id
    from raw_names
),

known_providers as (
    select distinct provider from catalogue_providers
    union distinct
    select distinct lower(provider) as provider from custom_prices
),

provider_keys as (
    -- The reported providers, and the `provider/` prefixes of model names (a gateway's way of naming one).
    select distinct provider_key
    from names
    where provider_key is not null
    union distinct
    select distinct substr(model_text, 1, strpos(model_text, '/') - 1) as provider_key
    from names
    where strpos(model_text, '/') > 1
),

provider_rule_checks as (
    select
        provider_keys.provider_key,
        match_rules.provider,
        match_rules.rule_order,
        match_rules.conjunction,
        {{ failed_match_clauses('provider_keys.provider_key') }} as failed_clauses
    from provider_keys
    cross join match_rules
    where match_rules.rule_scope = 'provider_id'
    group by 1, 2, 3, 4
),

providers_by_rule as (
    select
        provider_key,
        provider,
        row_number() over (partition by provider_key order by rule_order) as preference
    from provider_rule_checks
    where failed_clauses = 0
),

resolved_keys as (
    select
        provider_keys.provider_key,
        coalesce(provider_aliases.infer_from_model, false) as infers_from_model,
        coalesce(
            nullif(provider_aliases.provider, ''), known_providers.provider, providers_by_rule.provider
        ) as provider
    from provider_keys
    left join provider_aliases
        on provider_keys.provider_key = provider_aliases.provider_alias
    left join known_providers
        on provider_keys.provider_key = known_providers.provider
    left join providers_by_rule
        on provider_keys.provider_key = providers_by_rule.provider_key and providers_by_rule.preference = 1
),

model_provider_checks as (
    select
        names.name_id,
        match_rules.provider,
        match_rules.rule_order,
        match_rules.conjunction,
        {{ failed_match_clauses('names.model_text') }} as failed_clauses
    from names
    cross join match_rules
    where match_rules.rule_scope = 'provider_model' and names.model_text is not null
    group by 1, 2, 3, 4
),

providers_by_model as (
    select
        name_id,
        provider,
        row_number() over (partition by name_id order by rule_order) as preference
    from model_provider_checks
    where failed_clauses = 0
),

hosted_names as (
    select
        names.*,
        coalesce(
            case when not reported.infers_from_model then reported.provider end,
            prefixed.provider,
            providers_by_model.provider
        ) as host_provider
    from names
    left join resolved_keys as reported
        on names.provider_key = reported.provider_key
    left join resolved_keys as prefixed
        on
            strpos(names.model_text, '/') > 1
            and substr(names.model_text, 1, strpos(names.model_text, '/') - 1) = prefixed.provider_key
            and (names.provider_key is null or reported.infers_from_model)
    left join providers_by_model
        on
            names.name_id = providers_by_model.name_id
            and providers_by_model.preference = 1
            and (names.provider_key is null or reported.infers_from_model)
),

deployed_names as (
    select
        hosted_names.*,
        coalesce(lower(trim(deployments.model_name)), hosted_names.model_text) as form_0
    from hosted_names
    left join deployments
        on
            hosted_names.host_provider = deployments.provider
            and hosted_names.model_text = lower(trim(deployments.deployment_name))
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
        -- Rewrite {{ step }} applied to the form the previous rewrite left (unchanged when there is none).
        select
            previous.*,
            coalesce(
                regexp_replace(
                    previous.form_{{ step - 1 }}, rewrite_{{ step }}.pattern, rewrite_{{ step }}.replacement
                ),
                previous.form_{{ step - 1 }}
            ) as form_{{ step }}
        from {{ 'deployed_names' if step == 1 else 'rewritten_' ~ (step - 1) }} as previous
        cross join rewrite_{{ step }}
    ),

{% endfor -%}
rewritten_names as (
    select * from rewritten_{{ max_rewrites }}
),

all_forms as (
    {%- for step in range(0, max_rewrites + 1) %}
        select
            name_id,
            host_provider,
            {{ step }} as form_order,
            form_{{ step }} as form
        from rewritten_names
        where form_{{ step }} is not null and form_{{ step }} <> ''
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

forms as (
    select
        name_id,
        host_provider,
        form,
        min(form_order) as form_order
    from all_forms
    group by 1, 2, 3
),

custom_models as (
    select distinct
        lower(provider) as provider,
        model_id
    from custom_prices
),

custom_matches as (
    select
        forms.name_id,
        forms.form,
        custom_models.provider as price_provider,
        custom_models.model_id,
        row_number() over (partition by forms.name_id order by forms.form_order) as preference
    from forms
    inner join custom_models
        on forms.host_provider = custom_models.provider and forms.form = lower(custom_models.model_id)
),

served_providers as (
    -- A provider's own models first, then those of the providers it serves at their prices.
    select distinct
        provider as host_provider,
        provider as model_provider,
        0 as provider_priority
    from catalogue_providers
    union all
    select
        provider as host_provider,
        fallback_provider as model_provider,
        cast(fallback_order as {{ dbt.type_int() }}) as provider_priority
    from catalogue_providers
    where fallback_provider is not null
),

model_rule_checks as (
    select
        forms.name_id,
        forms.form,
        forms.form_order,
        served_providers.provider_priority,
        match_rules.provider,
        match_rules.model_id,
        match_rules.rule_order,
        match_rules.conjunction,
        {{ failed_match_clauses('forms.form') }} as failed_clauses
    from forms
    inner join served_providers
        on forms.host_provider = served_providers.host_provider
    inner join match_rules
        on match_rules.rule_scope = 'model' and served_providers.model_provider = match_rules.provider
    group by 1, 2, 3, 4, 5, 6, 7, 8
),

catalogue_matches as (
    select
        name_id,
        form,
        provider_priority,
        provider as price_provider,
        model_id,
        row_number() over (
            partition by name_id order by form_order, provider_priority, rule_order, conjunction
        ) as preference
    from model_rule_checks
    where failed_clauses = 0
),

id_matches as (
    -- Last resort: a form that is a catalogue model id of the provider's own models (genai-prices matches names
    -- by its rules only, and a few ids, such as mistral-medium-3-1, are no name the rules accept).
    select
        forms.name_id,
        forms.form,
        model_catalogue.provider as price_provider,
        model_catalogue.model_id,
        row_number() over (partition by forms.name_id order by forms.form_order) as preference
    from forms
    inner join model_catalogue
        on forms.host_provider = model_catalogue.provider and forms.form = lower(model_catalogue.model_id)
),

matched as (
    select
        rewritten_names.*,
        coalesce(
            custom_matches.price_provider, catalogue_matches.price_provider, id_matches.price_provider
        ) as price_provider,
        coalesce(custom_matches.model_id, catalogue_matches.model_id, id_matches.model_id) as catalogue_model_id,
        coalesce(custom_matches.form, catalogue_matches.form, id_matches.form) as matched_model_ref,
        case
            when custom_matches.model_id is not null then 'custom_price'
            when catalogue_matches.provider_priority = 0 then 'catalogue'
            when catalogue_matches.model_id is not null then 'catalogue_fallback'
            when id_matches.model_id is not null then 'catalogue_id'
            else 'unmatched'
        end as model_match_method
    from rewritten_names
    left join custom_matches
        on rewritten_names.name_id = custom_matches.name_id and custom_matches.preference = 1
    left join catalogue_matches
        on rewritten_names.name_id = catalogue_matches.name_id and catalogue_matches.preference = 1
    left join id_matches
        on rewritten_names.name_id = id_matches.name_id and id_matches.preference = 1
),

identified as (
    select
        *,
        coalesce(catalogue_model_id, {{ normalize_model_name('model_text') }}) as model_id,
        lower(coalesce(catalogue_model_id, form_{{ max_rewrites }})) as developer_text
    from matched
),

developer_checks as (
    select
        identified.name_id,
        developers.developer,
        row_number() over (
            partition by identified.name_id order by developers.developer_order
        ) as preference
    from identified
    inner join developers
        on {{ match_clause_holds('identified.developer_text', 'developers.clause_kind', 'developers.clause_value') }}
),

convention_choices as (
    select
        identified.name_id,
        conventions.input_includes_cache_read,
        conventions.input_includes_cache_write,
        conventions.output_includes_reasoning,
        row_number() over (
            partition by identified.name_id order by case when conventions.provider = '*' then 1 else 0 end
        ) as preference
    from identified
    inner join conventions
        on
            identified.usage_source = conventions.usage_source
            and conventions.provider in (coalesce(identified.host_provider, ''), '*')
),

final as (
    select
        identified.provider_join_key,
        identified.model_join_key,
        identified.usage_source_join_key,
        coalesce(identified.host_provider, identified.provider_key, 'unknown') as provider,
        identified.host_provider is not null as is_known_provider,
        identified.price_provider,
        identified.model_id,
        identified.matched_model_ref,
        identified.model_match_method,
        developer_checks.developer as model_developer,
        cast(
            coalesce(model_tiers.context_window_tokens, model_catalogue.context_window_tokens)
            as {{ dbt.type_bigint() }}
        ) as context_window_tokens,
        identified.usage_source,
        convention_choices.name_id is not null as is_known_usage_source,
        coalesce(convention_choices.input_includes_cache_read, true) as input_includes_cache_read,
        coalesce(convention_choices.input_includes_cache_write, true) as input_includes_cache_write,
        coalesce(convention_choices.output_includes_reasoning, true) as output_includes_reasoning
    from identified
    left join developer_checks
        on identified.name_id = developer_checks.name_id and developer_checks.preference = 1
    left join convention_choices
        on identified.name_id = convention_choices.name_id and convention_choices.preference = 1
    left join model_catalogue
        on
            identified.price_provider = model_catalogue.provider
            and identified.catalogue_model_id = model_catalogue.model_id
    left join model_tiers
        on
            coalesce(identified.price_provider, identified.host_provider) = model_tiers.provider
            and identified.model_id = model_tiers.model_id
)

select * from final
{%- endmacro %}
