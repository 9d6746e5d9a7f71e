{#- The calls the warehouse could not price, by provider and reported model name: how many, their tokens, when
    first and last seen, why (unknown provider, unknown model, or a known model without a price at the call's
    date), and what they would cost at the nearest priced catalogue model: the longest catalogue id the name
    starts with (a leading ft: of a fine-tune dropped), among the call's provider's models, else among the models
    of its developer's own provider. The estimate uses that model's current standard prices; it is an estimate,
    never added to any cost. A gap closes with one row in seeds/custom_model_prices.csv (provider, model_id). -#}
with

requests as (
    select * from {{ ref('fct_llm_requests') }}
),

models as (
    select * from {{ ref('int_model_catalogue') }}
),

unpriced as (
    select
        provider,
        reported_model,
        model_id,
        max(model_developer) as model_developer,
        max(price_provider) as price_provider,
        count(*) as calls,
        cast(sum(input_tokens) as {{ dbt.type_bigint() }}) as input_tokens,
        cast(sum(uncached_input_tokens) as {{ dbt.type_bigint() }}) as uncached_input_tokens,
        cast(sum(cache_read_input_tokens) as {{ dbt.type_bigint() }}) as cache_read_input_tokens,
        cast(sum(cache_creation_input_tokens) as {{ dbt.type_bigint() }}) as cache_creation_input_tokens,
        cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        min(started_at) as first_seen_at,
        max(started_at) as last_seen_at
    from requests
    where is_unpriced
    group by 1, 2, 3
),

known_providers as (
    select distinct provider
    from models
    where model_source in ('catalogue', 'custom_price')
),

gaps as (
    select
        unpriced.*,
        case
            when unpriced.price_provider is not null then 'no_price_at_date_or_route'
            when known_providers.provider is null then 'unknown_provider'
            else 'unknown_model'
        end as gap_reason,
        lower(
            case
                when substr(unpriced.model_id, 1, 3) = 'ft:' then substr(unpriced.model_id, 4)
                else unpriced.model_id
            end
        ) as name_stem
    from unpriced
    left join known_providers
        on unpriced.provider = known_providers.provider
),

candidates as (
    select
        gaps.provider,
        gaps.reported_model,
        gaps.model_id,
        models.provider as nearest_model_provider,
        models.model_id as nearest_model_id,
        models.current_input_price_per_mtok,
        models.current_cache_read_price_per_mtok,
        models.current_cache_write_price_per_mtok,
        models.current_output_price_per_mtok,
        row_number() over (
            partition by gaps.provider, gaps.reported_model, gaps.model_id
            order by
                case when models.provider = gaps.provider then 0 else 1 end,
                length(models.model_id) desc,
                models.model_id
        ) as preference
    from gaps
    inner join models
        on
            models.has_current_price
            and models.model_source = 'catalogue'
            and (gaps.provider = models.provider or gaps.model_developer = models.provider)
            and length(models.model_id) >= 3
            and substr(gaps.name_stem, 1, length(models.model_id)) = lower(models.model_id)
),

final as (
    select
        gaps.provider,
        gaps.reported_model,
        gaps.model_id,
        gaps.model_developer,
        gaps.gap_reason,
        gaps.calls,
        gaps.input_tokens,
        gaps.cache_read_input_tokens,
        gaps.cache_creation_input_tokens,
        gaps.output_tokens,
        gaps.first_seen_at,
        gaps.last_seen_at,
        nearest.nearest_model_provider,
        nearest.nearest_model_id,
        round(
            (
                gaps.uncached_input_tokens * nearest.current_input_price_per_mtok
                + gaps.cache_read_input_tokens * nearest.current_cache_read_price_per_mtok
                + gaps.cache_creation_input_tokens * nearest.current_cache_write_price_per_mtok
                + gaps.output_tokens * nearest.current_output_price_per_mtok
            ) / 1e6,
            6
        ) as estimated_cost_usd_at_nearest_model,
        case
            when nearest.nearest_model_id is null then 'no catalogue model of the same family'
            else concat(
                'estimate at the current standard price of ', nearest.nearest_model_provider, '/',
                nearest.nearest_model_id
            )
        end as estimate_basis
    from gaps
    left join candidates as nearest
        on
            gaps.provider = nearest.provider
            and gaps.reported_model = nearest.reported_model
            and gaps.model_id = nearest.model_id
            and nearest.preference = 1
)

select * from final
