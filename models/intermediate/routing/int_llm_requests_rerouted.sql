{#- Production calls of a workflow whose model is in a higher tier than the routing policy allows for the task
    type, priced as if they had run on the policy's default model: same tokens (cached reads and writes
    included), same route, the catalogue row valid at the call's start (the pricing model's rule). Fallbacks onto
    the policy's own fallback model are sanctioned and left out. A call covered by an approved model exception
    (workflow or team scope, from the day it was approved) is flagged as such. One row per call. -#}
with

requests as (
    select * from {{ ref('fct_llm_requests') }}
),

policy as (
    select * from {{ ref('routing_policy') }}
),

price_bands as (
    select * from {{ ref('int_price_bands') }}
),

governance_events as (
    select * from {{ ref('stg_governance__governance_events') }}
),

over_tier as (
    select
        requests.request_id,
        requests.started_at,
        requests.started_date,
        requests.team_id,
        requests.workflow_id,
        requests.task_type,
        requests.provider,
        requests.model_id,
        requests.model_tier,
        requests.route,
        requests.input_tokens,
        requests.uncached_input_tokens,
        requests.cache_read_input_tokens,
        requests.cache_creation_input_tokens,
        requests.output_tokens,
        requests.model_cost_usd,
        requests.built_at,
        policy.policy_tier,
        policy.default_provider as policy_provider,
        policy.default_model_id as policy_model_id
    from requests
    inner join policy
        on requests.task_type = policy.task_type
    where
        requests.is_production
        and {{ tier_rank('requests.model_tier') }} > {{ tier_rank('policy.policy_tier') }}
        and not (requests.is_fallback and requests.model_id = policy.fallback_model_id)
),

on_policy_model as (
    select
        request_id,
        policy_provider as provider,
        policy_model_id as model_id,
        {{ catalogue_band_route('route', 'price_bands') }} as band_route,
        started_at,
        input_tokens
    from over_tier
),

policy_prices as (
    select
        on_policy_model.request_id,
        price_bands.input_price_per_mtok,
        price_bands.cache_read_price_per_mtok,
        price_bands.cache_write_price_per_mtok,
        price_bands.output_price_per_mtok
    from on_policy_model
    inner join price_bands
        on {{ catalogue_band_matches('on_policy_model', 'price_bands') }}
),

exceptions as (
    select
        scope_type,
        scope_id,
        occurred_at
    from governance_events
    where event_type = 'model_exception' and is_approved
),

excepted_requests as (
    select distinct over_tier.request_id
    from over_tier
    inner join exceptions
        on
            over_tier.started_at >= exceptions.occurred_at
            and (
                (exceptions.scope_type = 'workflow' and over_tier.workflow_id = exceptions.scope_id)
                or (exceptions.scope_type = 'team' and over_tier.team_id = exceptions.scope_id)
                or (exceptions.scope_type = 'task_type' and over_tier.task_type = exceptions.scope_id)
            )
),

final as (
    select
        over_tier.request_id,
        over_tier.started_date,
        over_tier.team_id,
        over_tier.workflow_id,
        over_tier.task_type,
        over_tier.provider,
        over_tier.model_id,
        over_tier.model_tier,
        over_tier.policy_tier,
        over_tier.policy_provider,
        over_tier.policy_model_id,
        over_tier.model_cost_usd,
        round(
            (
                over_tier.uncached_input_tokens * policy_prices.input_price_per_mtok
                + over_tier.cache_read_input_tokens * policy_prices.cache_read_price_per_mtok
                + over_tier.cache_creation_input_tokens * policy_prices.cache_write_price_per_mtok
                + over_tier.output_tokens * policy_prices.output_price_per_mtok
            ) / 1e6,
            10
        ) as policy_model_cost_usd,
        excepted_requests.request_id is not null as is_approved_exception,
        over_tier.built_at
    from over_tier
    left join policy_prices
        on over_tier.request_id = policy_prices.request_id
    left join excepted_requests
        on over_tier.request_id = excepted_requests.request_id
)

select * from final
