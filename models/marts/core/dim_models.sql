with

model_catalogue as (
    select * from {{ ref('model_tiers') }}
),

prices as (
    select * from {{ ref('model_prices') }}
),

current_prices as (
    select
        provider,
        model_id,
        input_price_per_mtok,
        cache_read_price_per_mtok,
        cache_write_price_per_mtok,
        output_price_per_mtok
    from prices
    where route = 'standard' and input_tokens_above = 0 and valid_to is null
),

final as (
    select
        model_catalogue.provider,
        model_catalogue.model_id,
        model_catalogue.model_tier,
        model_catalogue.model_family,
        model_catalogue.is_reasoning_model,
        model_catalogue.context_window_tokens,
        current_prices.model_id is not null as has_catalogue_price,
        current_prices.input_price_per_mtok as current_input_price_per_mtok,
        current_prices.cache_read_price_per_mtok as current_cache_read_price_per_mtok,
        current_prices.cache_write_price_per_mtok as current_cache_write_price_per_mtok,
        current_prices.output_price_per_mtok as current_output_price_per_mtok
    from model_catalogue
    left join current_prices
        on
            model_catalogue.provider = current_prices.provider
            and model_catalogue.model_id = current_prices.model_id
)

select * from final
