with

workflows as (
    select * from {{ ref('workflows') }}
),

routing_policy as (
    select * from {{ ref('routing_policy') }}
),

final as (
    select
        workflows.workflow_id,
        workflows.workflow_name,
        workflows.task_type,
        workflows.owner_team_id,
        workflows.application,
        workflows.is_agentic,
        workflows.description,
        routing_policy.policy_tier,
        routing_policy.default_model_id as policy_default_model_id,
        routing_policy.fallback_model_id as policy_fallback_model_id,
        routing_policy.review_required
    from workflows
    left join routing_policy
        on workflows.task_type = routing_policy.task_type
)

select * from final
