{#- Prices every accepted request with the price row valid at its start: its catalogue provider and model, the
    request's route if the catalogue has one (else standard; a model served at another provider's prices, a
    catalogue fallback, is priced at their standard prices as genai-prices does), started_at inside
    [valid_from, valid_to) and inside the row's time of day, and the highest input-token tier the request exceeds.
    Cache writes with a 1-hour lifetime and reasoning tokens are priced apart where the row says so, and a
    per-request price is added. No matching row: is_unpriced, costs null (never zero).
    The rule is applied once per band of the catalogue (int_price_bands); each request joins its band, so the
    model keeps one row per request without ranking and a filter on started_date reaches the base table. -#}
with

requests as (
    select * from {{ ref('stg_telemetry__llm_requests') }}
),

price_bands as (
    select * from {{ ref('int_price_bands') }}
),

requests_with_band_route as (
    select
        *,
        case
            when model_match_method = 'catalogue_fallback' then 'standard'
            else {{ catalogue_band_route('route', 'price_bands') }}
        end as band_route
    from requests
),

priced as (
    select
        requests.*,
        chosen_prices.provider is null as is_unpriced,
        chosen_prices.price_route,
        chosen_prices.price_source,
        chosen_prices.price_valid_from,
        chosen_prices.price_input_tokens_above,
        chosen_prices.input_price_per_mtok,
        chosen_prices.cache_read_price_per_mtok,
        chosen_prices.cache_write_price_per_mtok,
        chosen_prices.cache_write_1h_price_per_mtok,
        chosen_prices.output_price_per_mtok,
        chosen_prices.reasoning_price_per_mtok,
        chosen_prices.request_price_per_kcall,
        round(requests.uncached_input_tokens * chosen_prices.input_price_per_mtok / 1e6, 10) as input_cost_usd,
        round(
            requests.cache_read_input_tokens * chosen_prices.cache_read_price_per_mtok / 1e6, 10
        ) as cached_input_cost_usd,
        round(
            (
                (requests.cache_creation_input_tokens - requests.cache_creation_1h_input_tokens)
                * chosen_prices.cache_write_price_per_mtok
                + requests.cache_creation_1h_input_tokens * chosen_prices.cache_write_1h_price_per_mtok
            ) / 1e6,
            10
        ) as cache_write_cost_usd,
        round(
            (
                (requests.output_tokens - requests.reasoning_output_tokens) * chosen_prices.output_price_per_mtok
                + requests.reasoning_output_tokens * chosen_prices.reasoning_price_per_mtok
            ) / 1e6,
            10
        ) as output_cost_usd,
        -- An aggregate row of unknown count (Anthropic's report) adds one call's request price.
        round(
            coalesce(requests.request_count, 1) * chosen_prices.request_price_per_kcall / 1e3, 10
        ) as request_cost_usd,
        round(
            requests.cache_read_input_tokens
            * (chosen_prices.input_price_per_mtok - chosen_prices.cache_read_price_per_mtok) / 1e6,
            10
        ) as cache_savings_usd
    from requests_with_band_route as requests
    left join price_bands as chosen_prices
        on {{ catalogue_band_matches('requests', 'chosen_prices', 'price_provider', 'tier_input_tokens') }}
),

final as (
    select
        *,
        round(
            input_cost_usd + cached_input_cost_usd + cache_write_cost_usd + output_cost_usd + request_cost_usd, 10
        ) as model_cost_usd
    from priced
)

select * from final
