{#- The model, token kind and route of each distinct set of a billing line's texts: x_Model and x_TokenType where
    the export writes them, else what the patterns of seed billing_sku_patterns read in FOCUS 1.4's
    SkuPriceDetails, the SKU meter, the AWS usage type, the Azure meter name, the service name or the charge
    description (per facet, the matching pattern of lowest order). Parsed once per distinct set of texts, not per
    line. One row per set of texts (sku_text_key). -#}
{{ config(materialized='table') }}

with

billing_lines as (
    select * from {{ ref('base_focus__billing_focus') }}
),

patterns as (
    select * from {{ ref('billing_sku_patterns') }}
),

texts as (
    select distinct
        sku_text_key,
        provider,
        provider_name,
        x_model,
        x_token_type,
        sku_price_details_json,
        service_name,
        sku_meter,
        x_usage_type,
        x_sku_meter_name,
        charge_description
    from billing_lines
    where is_ai_service
),

candidates as (
    select
        texts.sku_text_key,
        patterns.facet,
        patterns.pattern_order,
        patterns.pattern,
        patterns.facet_value,
        patterns.model_prefix,
        case patterns.text_column
            when 'sku_price_details' then texts.sku_price_details_json
            when 'service_name' then texts.service_name
            when 'sku_meter' then texts.sku_meter
            when 'x_usage_type' then texts.x_usage_type
            when 'x_sku_meter_name' then texts.x_sku_meter_name
            when 'charge_description' then texts.charge_description
        end as text_value
    from texts
    inner join patterns
        on patterns.provider is null or texts.provider = patterns.provider
),

matches as (
    select
        sku_text_key,
        facet,
        pattern_order,
        coalesce(
            facet_value,
            {{ dbt.concat([
                "coalesce(model_prefix, '')",
                "replace(lower(trim(" ~ regex_capture('text_value', 'pattern') ~ ")), ' ', '-')",
            ]) }}
        ) as parsed_value
    from candidates
    where text_value is not null and {{ regex_contains('text_value', 'pattern') }}
),

first_matches as (
    select
        sku_text_key,
        facet,
        parsed_value,
        row_number() over (partition by sku_text_key, facet order by pattern_order) as match_rank
    from matches
    where parsed_value is not null and parsed_value <> ''
),

final as (
    select
        texts.sku_text_key,
        texts.provider_name,
        coalesce({{ blank_as_null('texts.x_model') }}, parsed_model.parsed_value) as reported_model,
        coalesce({{ normalize_text('texts.x_token_type') }}, parsed_token_type.parsed_value) as token_type,
        parsed_route.parsed_value as pricing_route,
        case
            when {{ blank_as_null('texts.x_model') }} is not null then 'x_model'
            when parsed_model.parsed_value is not null then 'billing_sku_patterns'
        end as model_source
    from texts
    left join first_matches as parsed_model
        on
            texts.sku_text_key = parsed_model.sku_text_key
            and parsed_model.facet = 'model'
            and parsed_model.match_rank = 1
    left join first_matches as parsed_token_type
        on
            texts.sku_text_key = parsed_token_type.sku_text_key
            and parsed_token_type.facet = 'token_type'
            and parsed_token_type.match_rank = 1
    left join first_matches as parsed_route
        on
            texts.sku_text_key = parsed_route.sku_text_key
            and parsed_route.facet = 'route'
            and parsed_route.match_rank = 1
)

select * from final
