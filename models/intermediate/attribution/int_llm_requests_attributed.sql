{#- Who owns and who pays for each priced request.
    Owner (who ran it): the team tag when it names a known team, else the API key's team, else unallocated.
    Charged team (the consumer): the requesting team of the request's workflow run when there is one, else the
    owner. The org hierarchy, workflow, task type, model tier and the methods used come along. -#}
with

requests as (
    select * from {{ ref('int_llm_requests_priced') }}
),

runs as (
    select * from {{ ref('stg_telemetry__workflow_runs') }}
),

api_keys as (
    select * from {{ ref('api_keys') }}
),

teams as (
    select * from {{ ref('teams') }}
),

workflows as (
    select * from {{ ref('workflows') }}
),

model_catalogue as (
    select * from {{ ref('int_model_catalogue') }}
),

owners as (
    select
        requests.*,
        case
            when tagged_teams.team_id is not null then tagged_teams.team_id
            when api_keys.team_id is not null then api_keys.team_id
        end as owner_team_id,
        case
            when tagged_teams.team_id is not null then 'team_tag'
            when api_keys.team_id is not null then 'api_key'
            else 'unallocated'
        end as owner_attribution_method,
        api_keys.api_key_id is not null as is_mapped_api_key,
        runs.requesting_team_id as run_requesting_team_id,
        runs.workflow_id as run_workflow_id
    from requests
    left join teams as tagged_teams
        on requests.team_tag = tagged_teams.team_id
    left join api_keys
        on requests.api_key_id = api_keys.api_key_id
    left join runs
        on requests.workflow_run_id = runs.workflow_run_id
),

consumers as (
    select
        *,
        coalesce(run_requesting_team_id, owner_team_id) as team_id,
        case
            when run_requesting_team_id is not null then 'workflow_requesting_team'
            else owner_attribution_method
        end as attribution_method
    from owners
),

final as (
    select
        consumers.*,
        teams.team_name,
        teams.department_id,
        teams.department_name,
        teams.business_unit,
        teams.cost_center_id,
        coalesce(consumers.workflow_id, consumers.run_workflow_id) as attributed_workflow_id,
        coalesce(consumers.task_type, workflows.task_type) as attributed_task_type,
        model_catalogue.model_tier,
        model_catalogue.model_family,
        consumers.team_id is not null as is_allocated
    from consumers
    left join teams
        on consumers.team_id = teams.team_id
    left join workflows
        on coalesce(consumers.workflow_id, consumers.run_workflow_id) = workflows.workflow_id
    left join model_catalogue
        on
            coalesce(consumers.price_provider, consumers.provider) = model_catalogue.provider
            and consumers.model_id = model_catalogue.model_id
)

select * from final
