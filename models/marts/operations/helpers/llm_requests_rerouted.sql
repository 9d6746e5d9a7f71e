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
    -- Each over-tier call as if it ran on the policy's default model (provider and model_id are the policy's;
    -- the model used is kept as used_*), on its route where the catalogue has bands for it, else standard.
    select
        request_id,
        started_at,
        started_date,
        team_id,
        workflow_id,
        task_type,
        provider as used_provider,
        model_id as used_model_id,
        model_tier,
        policy_tier,
        policy_provider as provider,
        policy_model_id as model_id,
        {{ catalogue_band_route('route', 'price_bands') }} as band_route,
        input_tokens,
        uncached_input_tokens,
        cache_read_input_tokens,
        cache_creation_input_tokens,
        output_tokens,
        model_cost_usd,
        built_at
    from over_tier
),

policy_priced as (
    -- One read of the over-tier calls: each with its band on the policy model, if the catalogue has one.
    select
        on_policy_model.*,
        price_bands.input_price_per_mtok,
        price_bands.cache_read_price_per_mtok,
        price_bands.cache_write_price_per_mtok,
        price_bands.output_price_per_mtok
    from on_policy_model
    left join price_bands
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

final as (
    select
        request_id,
        started_date,
        team_id,
        workflow_id,
        task_type,
        used_provider as provider,
        used_model_id as model_id,
        model_tier,
        policy_tier,
        provider as policy_provider,
        model_id as policy_model_id,
        model_cost_usd,
        round(
            (
                uncached_input_tokens * input_price_per_mtok
                + cache_read_input_tokens * cache_read_price_per_mtok
                + cache_creation_input_tokens * cache_write_price_per_mtok
                + output_tokens * output_price_per_mtok
            ) / 1e6,
            10
        ) as policy_model_cost_usd,
        exists(
            select 1
            from exceptions
            where
                policy_priced.started_at >= exceptions.occurred_at
                and (
                    (exceptions.scope_type = 'workflow' and policy_priced.workflow_id = exceptions.scope_id)
                    or (exceptions.scope_type = 'team' and policy_priced.team_id = exceptions.scope_id)
                    or (exceptions.scope_type = 'task_type' and policy_priced.task_type = exceptions.scope_id)
                )
        ) as is_approved_exception,
        built_at
    from policy_priced
)

select * from final
