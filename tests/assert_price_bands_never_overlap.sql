-- Each call falls in at most one price band: no two bands of one provider, model and route share an instant and
-- an input-token count. The pricing model, the routing what-if and the planned-workflow costs join calls to
-- their band (macro catalogue_band_matches), so an overlap would count a call twice. Returns the overlapping
-- pairs.
with

bands as (
    select * from {{ ref('int_price_bands') }}
)

select
    earlier.provider,
    earlier.model_id,
    earlier.band_route,
    earlier.band_starts_at,
    earlier.input_tokens_above,
    later.band_starts_at as overlapping_band_starts_at,
    later.input_tokens_above as overlapping_input_tokens_above
from bands as earlier
inner join bands as later
    on
        earlier.provider = later.provider
        and earlier.model_id = later.model_id
        and earlier.band_route = later.band_route
        and (
            earlier.band_starts_at < later.band_starts_at
            or (
                earlier.band_starts_at = later.band_starts_at
                and earlier.input_tokens_above < later.input_tokens_above
            )
        )
where
    (earlier.band_ends_at is null or later.band_starts_at < earlier.band_ends_at)
    and (later.input_tokens_up_to is null or earlier.input_tokens_above < later.input_tokens_up_to)
    and (earlier.input_tokens_up_to is null or later.input_tokens_above < earlier.input_tokens_up_to)
