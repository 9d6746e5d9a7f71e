{#- Where routing production work to the policy's tier would save money, and whether quality would hold. Calls
    above the policy tier of their task type, their cost, the what-if cost on the policy's default model and the
    saving; calls under an approved model exception are not counted as savings but reported as exception cost.
    The quality guard compares acceptance of reviewed production runs of the same task type on the policy tier
    with acceptance on the tier actually used, over the month and the two before (a run's tier is
    fct_workflow_runs.top_model_tier, the highest tier of its non-fallback calls). A saving is recommended only where the policy tier has at least
    `routing_min_reviewed_runs` reviewed runs and accepts no less than `routing_quality_tolerance` below the
    tier used. One row per month x team x task type x model.
    Built incrementally by month: an incremental build recomputes the months from the first day the request or run
    facts changed since its last build (changed_months_start; the calls are read through llm_requests_rerouted,
    a view over fct_llm_requests), reading runs from two months earlier for the quality guard. -#}
{{ incremental_by_month('month_start_date', ['team_id', 'task_type']) }}

{%- set first_month = changed_months_start([
    (ref('fct_llm_requests'), 'started_date'),
    (ref('fct_workflow_runs'), 'started_date'),
]) %}

with

rerouted as (
    select * from {{ ref('llm_requests_rerouted') }}
    {% if is_incremental() -%}
        where started_date >= {{ first_month }}
    {%- endif %}
),

workflow_runs as (
    select * from {{ ref('fct_workflow_runs') }}
    {% if is_incremental() -%}
        where started_date >= {{ dbt.dateadd('month', -2, first_month) }}
    {%- endif %}
),

monthly_acceptance as (
    select
        cast({{ dbt.date_trunc('month', 'started_date') }} as date) as month_start_date,
        task_type,
        {{ tier_rank('top_model_tier') }} as tier_rank,
        {{ count_if('is_output_accepted is not null') }} as reviewed_runs,
        {{ count_if('is_output_accepted') }} as accepted_runs
    from workflow_runs
    where is_production and top_model_tier is not null
    group by 1, 2, 3
),

opportunities as (
    select
        cast({{ dbt.date_trunc('month', 'started_date') }} as date) as month_start_date,
        team_id,
        task_type,
        provider,
        model_id,
        model_tier,
        policy_tier,
        policy_provider,
        policy_model_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as requests,
        sum(model_cost_usd) as cost_usd,
        {{ count_if('is_approved_exception') }} as exception_requests,
        coalesce(sum(case when is_approved_exception then model_cost_usd end), 0) as exception_cost_usd,
        sum(case when not is_approved_exception then model_cost_usd end) as routable_cost_usd,
        sum(case when not is_approved_exception then policy_model_cost_usd end) as what_if_cost_usd,
        {{ count_if('not is_approved_exception and policy_model_cost_usd is null') }} as unpriced_what_if_requests
    from rerouted
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
),

quality as (
    select
        opportunities.month_start_date,
        opportunities.task_type,
        opportunities.model_tier,
        sum(case when acceptance.tier_rank = opportunities.current_tier_rank then acceptance.reviewed_runs end)
            as current_tier_reviewed_runs,
        sum(case when acceptance.tier_rank = opportunities.current_tier_rank then acceptance.accepted_runs end)
            as current_tier_accepted_runs,
        sum(case when acceptance.tier_rank = opportunities.policy_tier_rank then acceptance.reviewed_runs end)
            as policy_tier_reviewed_runs,
        sum(case when acceptance.tier_rank = opportunities.policy_tier_rank then acceptance.accepted_runs end)
            as policy_tier_accepted_runs
    from (
        select distinct
            month_start_date,
            task_type,
            model_tier,
            {{ tier_rank('model_tier') }} as current_tier_rank,
            {{ tier_rank('policy_tier') }} as policy_tier_rank
        from opportunities
    ) as opportunities
    left join monthly_acceptance as acceptance
        on
            opportunities.task_type = acceptance.task_type
            and acceptance.month_start_date between {{ dbt.dateadd('month', -2, 'opportunities.month_start_date') }}
            and opportunities.month_start_date
    group by 1, 2, 3
),

judged as (
    select
        opportunities.*,
        opportunities.routable_cost_usd - opportunities.what_if_cost_usd as saving_usd,
        1.0 * quality.current_tier_accepted_runs / nullif(quality.current_tier_reviewed_runs, 0)
            as current_tier_acceptance_rate,
        1.0 * quality.policy_tier_accepted_runs / nullif(quality.policy_tier_reviewed_runs, 0)
            as policy_tier_acceptance_rate,
        cast(coalesce(quality.policy_tier_reviewed_runs, 0) as {{ dbt.type_bigint() }}) as policy_tier_reviewed_runs
    from opportunities
    left join quality
        on
            opportunities.month_start_date = quality.month_start_date
            and opportunities.task_type = quality.task_type
            and opportunities.model_tier = quality.model_tier
),

guarded as (
    select
        *,
        coalesce(
            policy_tier_reviewed_runs >= {{ var('routing_min_reviewed_runs') }}
            and (
                current_tier_acceptance_rate is null
                or policy_tier_acceptance_rate >= current_tier_acceptance_rate - {{ var('routing_quality_tolerance') }}
            ),
            false
        ) as quality_holds
    from judged
),

final as (
    select
        month_start_date,
        team_id,
        task_type,
        provider,
        model_id,
        model_tier,
        policy_tier,
        policy_provider,
        policy_model_id,
        requests,
        cost_usd,
        exception_requests,
        exception_cost_usd,
        coalesce(routable_cost_usd, 0) as routable_cost_usd,
        what_if_cost_usd,
        unpriced_what_if_requests,
        saving_usd,
        current_tier_acceptance_rate,
        policy_tier_acceptance_rate,
        policy_tier_reviewed_runs,
        quality_holds,
        quality_holds and coalesce(saving_usd > 0, false) as is_recommended,
        {{ build_started_at() }} as built_at
    from guarded
)

select * from final
