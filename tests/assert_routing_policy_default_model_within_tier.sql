-- A routing policy's default model must be in its tier or a cheaper one; otherwise routing savings are priced
-- on a model the policy itself does not allow. Returns the offending policies.
with

policy as (
    select * from {{ ref('routing_policy') }}
),

tiers as (
    select * from {{ ref('model_tiers') }}
)

select
    policy.task_type,
    policy.policy_tier,
    policy.default_model_id,
    tiers.model_tier as default_model_tier
from policy
left join tiers
    on policy.default_provider = tiers.provider and policy.default_model_id = tiers.model_id
where tiers.model_id is null or {{ tier_rank('tiers.model_tier') }} > {{ tier_rank('policy.policy_tier') }}
