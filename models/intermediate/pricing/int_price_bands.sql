{#- The price catalogue (genai-prices rows and the custom prices) cut into bands that never overlap, so a call
    finds its price by one equality join with range conditions (no ranking per call). A band is a model, the route
    a call asks for, a time interval between consecutive validity bounds, a time-of-day interval between
    consecutive daily bounds and an input-token interval between consecutive tier thresholds; its price is the row
    the pricing rule chooses for any call inside it: valid over the whole interval, the call's own route before
    standard, a custom price before the catalogue's, then the highest tier the call exceeds. A call on a route the
    catalogue never lists is priced on the standard bands. -#}
{{ config(materialized='table') }}

with

catalogue_prices as (
    select * from {{ ref('model_prices') }}
),

custom_prices as (
    select * from {{ ref('custom_model_prices') }}
),

prices as (
    select
        provider,
        model_id,
        route,
        valid_from,
        valid_to,
        time_of_day_from_s,
        time_of_day_to_s,
        input_tokens_above,
        input_price_per_mtok,
        cache_read_price_per_mtok,
        cache_write_price_per_mtok,
        cache_write_1h_price_per_mtok,
        output_price_per_mtok,
        reasoning_price_per_mtok,
        request_price_per_kcall,
        1 as source_preference
    from catalogue_prices
    union all
    select
        lower(provider) as provider,
        model_id,
        coalesce(route, 'standard') as route,
        valid_from,
        valid_to,
        0 as time_of_day_from_s,
        86400 as time_of_day_to_s,
        coalesce(input_tokens_above, 0) as input_tokens_above,
        input_price_per_mtok,
        cache_read_price_per_mtok,
        cache_write_price_per_mtok,
        cache_write_1h_price_per_mtok,
        output_price_per_mtok,
        reasoning_price_per_mtok,
        request_price_per_kcall,
        0 as source_preference
    from custom_prices
),

catalogue_models as (
    select distinct
        provider,
        model_id
    from prices
),

listed_routes as (
    select distinct band_route
    from (
        select route as band_route
        from prices
        union all
        select 'standard' as band_route
    ) as routes
),

band_routes as (
    -- Every model gets bands for every route the catalogue lists; where it has no price of its own for a
    -- route, those bands carry its standard prices.
    select
        catalogue_models.provider,
        catalogue_models.model_id,
        listed_routes.band_route
    from catalogue_models
    cross join listed_routes
),

candidates as (
    -- The catalogue rows a call on band_route may be priced with.
    select
        band_routes.band_route,
        prices.*
    from band_routes
    inner join prices
        on
            band_routes.provider = prices.provider
            and band_routes.model_id = prices.model_id
            and prices.route in (band_routes.band_route, 'standard')
),

time_bands as (
    {{ consecutive_bands('candidates', 'valid_from', 'valid_to', 'band_valid_from', 'band_valid_to') }}
),

day_bands as (
    select *
    from (
        {{ consecutive_bands(
            'candidates', 'time_of_day_from_s', 'time_of_day_to_s', 'time_of_day_from_s', 'time_of_day_to_s'
        ) }}
    ) as consecutive
    -- the day's last bound (86400) starts no interval
    where time_of_day_to_s is not null
),

token_bands as (
    -- tier thresholds only start intervals (no row has an upper input bound)
    {{ consecutive_bands('candidates', 'input_tokens_above', 'null', 'input_tokens_above', 'input_tokens_up_to') }}
),

band_candidates as (
    select
        time_bands.provider,
        time_bands.model_id,
        time_bands.band_route,
        time_bands.band_valid_from,
        time_bands.band_valid_to,
        day_bands.time_of_day_from_s,
        day_bands.time_of_day_to_s,
        token_bands.input_tokens_above,
        token_bands.input_tokens_up_to,
        candidates.route as price_route,
        case when candidates.source_preference = 0 then 'custom' else 'catalogue' end as price_source,
        candidates.valid_from as price_valid_from,
        candidates.input_tokens_above as price_input_tokens_above,
        -- A price the row leaves out falls back as genai-prices decomposes usage: cache reads and writes at the
        -- input price, 1-hour writes at the cache-write price, reasoning at the output price; none at all is 0.
        coalesce(candidates.input_price_per_mtok, 0) as input_price_per_mtok,
        coalesce(
            candidates.cache_read_price_per_mtok, candidates.input_price_per_mtok, 0
        ) as cache_read_price_per_mtok,
        coalesce(
            candidates.cache_write_price_per_mtok, candidates.input_price_per_mtok, 0
        ) as cache_write_price_per_mtok,
        coalesce(
            candidates.cache_write_1h_price_per_mtok,
            candidates.cache_write_price_per_mtok,
            candidates.input_price_per_mtok,
            0
        ) as cache_write_1h_price_per_mtok,
        coalesce(candidates.output_price_per_mtok, 0) as output_price_per_mtok,
        coalesce(candidates.reasoning_price_per_mtok, candidates.output_price_per_mtok, 0) as reasoning_price_per_mtok,
        coalesce(candidates.request_price_per_kcall, 0) as request_price_per_kcall,
        row_number() over (
            partition by
                time_bands.provider,
                time_bands.model_id,
                time_bands.band_route,
                time_bands.band_valid_from,
                day_bands.time_of_day_from_s,
                token_bands.input_tokens_above
            order by
                case when candidates.route = time_bands.band_route then 0 else 1 end asc,
                candidates.source_preference asc,
                candidates.input_tokens_above desc
        ) as preference
    from time_bands
    inner join day_bands
        on
            time_bands.provider = day_bands.provider
            and time_bands.model_id = day_bands.model_id
            and time_bands.band_route = day_bands.band_route
    inner join token_bands
        on
            time_bands.provider = token_bands.provider
            and time_bands.model_id = token_bands.model_id
            and time_bands.band_route = token_bands.band_route
    inner join candidates
        on
            time_bands.provider = candidates.provider
            and time_bands.model_id = candidates.model_id
            and time_bands.band_route = candidates.band_route
            -- valid over the whole time band
            and time_bands.band_valid_from >= candidates.valid_from
            and (
                candidates.valid_to is null
                or (time_bands.band_valid_to is not null and time_bands.band_valid_to <= candidates.valid_to)
            )
            -- valid over the whole time-of-day band
            and day_bands.time_of_day_from_s >= candidates.time_of_day_from_s
            and day_bands.time_of_day_to_s <= candidates.time_of_day_to_s
            -- a tier every call of the token band exceeds
            and token_bands.input_tokens_above >= candidates.input_tokens_above
),

final as (
    select
        provider,
        model_id,
        band_route,
        cast(band_valid_from as {{ dbt.type_timestamp() }}) as band_starts_at,
        cast(band_valid_to as {{ dbt.type_timestamp() }}) as band_ends_at,
        time_of_day_from_s,
        time_of_day_to_s,
        input_tokens_above,
        input_tokens_up_to,
        price_route,
        price_source,
        price_valid_from,
        price_input_tokens_above,
        input_price_per_mtok,
        cache_read_price_per_mtok,
        cache_write_price_per_mtok,
        cache_write_1h_price_per_mtok,
        output_price_per_mtok,
        reasoning_price_per_mtok,
        request_price_per_kcall
    from band_candidates
    where preference = 1
)

select * from final
