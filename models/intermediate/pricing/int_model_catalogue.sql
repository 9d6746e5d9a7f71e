{#- Every model the warehouse can name: the genai-prices catalogue, the custom prices' models and the models of
    the tier seed (a fine-tune without a price, for example), with the current standard price and a tier.
    The tier is the seed's (model_tiers) where it names the model, else derived from the current blended price,
    (3 x input + output) / 4 per million tokens: premium from var('premium_blended_price_per_mtok'), economy below
    var('economy_blended_price_per_mtok'), standard between; a model without a current price has no derived tier. -#}
{{ config(materialized='table') }}

with

catalogue as (
    select * from {{ ref('model_catalogue') }}
),

custom_prices as (
    select * from {{ ref('custom_model_prices') }}
),

model_tiers as (
    select * from {{ ref('model_tiers') }}
),

price_bands as (
    select * from {{ ref('int_price_bands') }}
),

models as (
    select
        provider,
        model_id,
        model_name,
        cast(context_window_tokens as {{ dbt.type_bigint() }}) as context_window_tokens,
        'catalogue' as model_source
    from catalogue
    union all
    select distinct
        lower(custom_prices.provider) as provider,
        custom_prices.model_id,
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_bigint() }}) as context_window_tokens,
        'custom_price' as model_source
    from custom_prices
    left join catalogue
        on lower(custom_prices.provider) = catalogue.provider and custom_prices.model_id = catalogue.model_id
    where catalogue.model_id is null
),

named_models as (
    select * from models
    union all
    select
        model_tiers.provider,
        model_tiers.model_id,
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_bigint() }}) as context_window_tokens,
        'tier_seed' as model_source
    from model_tiers
    left join models
        on model_tiers.provider = models.provider and model_tiers.model_id = models.model_id
    where models.model_id is null
),

current_prices as (
    select
        provider,
        model_id,
        price_source,
        input_price_per_mtok,
        cache_read_price_per_mtok,
        cache_write_price_per_mtok,
        output_price_per_mtok
    from price_bands
    where
        band_route = 'standard'
        and input_tokens_above = 0
        and band_ends_at is null
        and time_of_day_from_s = 0
),

priced as (
    select
        named_models.*,
        current_prices.model_id is not null as has_current_price,
        current_prices.price_source,
        current_prices.input_price_per_mtok as current_input_price_per_mtok,
        current_prices.cache_read_price_per_mtok as current_cache_read_price_per_mtok,
        current_prices.cache_write_price_per_mtok as current_cache_write_price_per_mtok,
        current_prices.output_price_per_mtok as current_output_price_per_mtok,
        round(
            (3 * current_prices.input_price_per_mtok + current_prices.output_price_per_mtok) / 4, 6
        ) as current_blended_price_per_mtok
    from named_models
    left join current_prices
        on named_models.provider = current_prices.provider and named_models.model_id = current_prices.model_id
),

final as (
    select
        priced.provider,
        priced.model_id,
        priced.model_name,
        priced.model_source,
        coalesce(
            model_tiers.model_tier,
            case
                when priced.current_blended_price_per_mtok is null then null
                when priced.current_blended_price_per_mtok >= {{ var('premium_blended_price_per_mtok') }} then 'premium'
                when priced.current_blended_price_per_mtok < {{ var('economy_blended_price_per_mtok') }} then 'economy'
                else 'standard'
            end
        ) as model_tier,
        case when model_tiers.model_tier is not null then 'model_tiers' else 'price_rule' end as tier_source,
        coalesce(model_tiers.model_family, {{ normalize_model_name('priced.model_id') }}) as model_family,
        coalesce(model_tiers.is_reasoning_model, false) as is_reasoning_model,
        cast(
            coalesce(model_tiers.context_window_tokens, priced.context_window_tokens) as {{ dbt.type_bigint() }}
        ) as context_window_tokens,
        priced.has_current_price,
        priced.current_input_price_per_mtok,
        priced.current_cache_read_price_per_mtok,
        priced.current_cache_write_price_per_mtok,
        priced.current_output_price_per_mtok,
        priced.current_blended_price_per_mtok
    from priced
    left join model_tiers
        on priced.provider = model_tiers.provider and priced.model_id = model_tiers.model_id
)

select * from final
