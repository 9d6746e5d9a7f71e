{#- The AI invoice, allocated. For each month x provider x model family the invoice bills (model_families: a
    billed model meets the calls of the same model named otherwise), telemetry (priced at list)
    explains a share of the billed list cost (coverage, capped at 1: telemetry is scaled to the invoice, never
    above it). The covered part of the billed cost goes to the charged teams pro rata to their telemetry cost,
    or to "no_tag_or_key_mapping" for telemetry without a team; the uncovered part is "unpriced_model" when
    the model's calls could not be priced, "unidentified_model" when the usage line names no model its texts
    could be read for (seed billing_sku_patterns), else "no_telemetry". Charges that are not usage (credits,
    taxes, adjustments, purchases) are spread over the month and provider's allocations pro rata; with no allocation to spread
    over they stay "shared_charge_without_usage". Amounts in the billing currency and in USD.
    One row per month x provider x billing currency x allocation target (a team, or a reason). -#}
with

billing_lines as (
    select * from {{ ref('stg_focus__billing_focus') }}
),

monthly_costs as (
    select * from {{ ref('llm_costs_monthly') }}
),

model_families as (
    select * from {{ ref('model_families') }}
),

ai_lines as (
    select * from billing_lines
    where is_ai_service
),

billed_models as (
    select
        ai_lines.charge_month,
        ai_lines.provider,
        ai_lines.billing_currency,
        model_families.model_family as model_id,
        not ai_lines.is_model_usage as is_unidentified_model,
        sum(ai_lines.billed_cost) as billed_cost,
        sum(ai_lines.billed_cost_usd) as billed_cost_usd,
        sum(ai_lines.list_cost_usd) as list_cost_usd
    from ai_lines
    left join model_families
        on ai_lines.provider = model_families.provider and ai_lines.model_id = model_families.model_id
    where ai_lines.is_ai_usage
    group by 1, 2, 3, 4, 5
),

telemetry_by_team as (
    -- model_id is the model family here, as in billed_models.
    select
        monthly_costs.charge_month,
        monthly_costs.provider,
        model_families.model_family as model_id,
        monthly_costs.team_id,
        sum(monthly_costs.telemetry_cost_usd) as telemetry_cost_usd,
        sum(monthly_costs.requests) as requests,
        sum(monthly_costs.unpriced_requests) as unpriced_requests
    from monthly_costs
    left join model_families
        on monthly_costs.provider = model_families.provider and monthly_costs.model_id = model_families.model_id
    group by 1, 2, 3, 4
),

telemetry_by_model as (
    select
        charge_month,
        provider,
        model_id,
        sum(telemetry_cost_usd) as telemetry_cost_usd,
        sum(unpriced_requests) as unpriced_requests
    from telemetry_by_team
    group by 1, 2, 3
),

coverage as (
    select
        billed_models.*,
        coalesce(telemetry_by_model.telemetry_cost_usd, 0) as telemetry_cost_usd,
        coalesce(telemetry_by_model.unpriced_requests, 0) > 0 as has_unpriced_requests,
        case
            when coalesce(telemetry_by_model.telemetry_cost_usd, 0) <= 0 or billed_models.list_cost_usd <= 0 then 0
            else least(1.0, telemetry_by_model.telemetry_cost_usd / billed_models.list_cost_usd)
        end as coverage_share
    from billed_models
    left join telemetry_by_model
        on
            billed_models.charge_month = telemetry_by_model.charge_month
            and billed_models.provider = telemetry_by_model.provider
            and billed_models.model_id = telemetry_by_model.model_id
),

covered_allocations as (
    select
        coverage.charge_month,
        coverage.provider,
        coverage.billing_currency,
        telemetry_by_team.team_id,
        case when telemetry_by_team.team_id is null then 'no_tag_or_key_mapping' end as unallocated_reason,
        coverage.billed_cost * coverage.coverage_share * telemetry_by_team.telemetry_cost_usd
        / coverage.telemetry_cost_usd as amount,
        coverage.billed_cost_usd * coverage.coverage_share * telemetry_by_team.telemetry_cost_usd
        / coverage.telemetry_cost_usd as amount_usd
    from coverage
    inner join telemetry_by_team
        on
            coverage.charge_month = telemetry_by_team.charge_month
            and coverage.provider = telemetry_by_team.provider
            and coverage.model_id = telemetry_by_team.model_id
    where coverage.coverage_share > 0 and telemetry_by_team.telemetry_cost_usd > 0
),

uncovered_allocations as (
    select
        charge_month,
        provider,
        billing_currency,
        cast(null as {{ dbt.type_string() }}) as team_id,
        case
            when is_unidentified_model then 'unidentified_model'
            when has_unpriced_requests then 'unpriced_model'
            else 'no_telemetry'
        end as unallocated_reason,
        billed_cost * (1 - coverage_share) as amount,
        billed_cost_usd * (1 - coverage_share) as amount_usd
    from coverage
    where coverage_share < 1
),

usage_allocations as (
    select * from covered_allocations
    union all
    select * from uncovered_allocations
),

shared_charges as (
    select
        charge_month,
        provider,
        billing_currency,
        sum(billed_cost) as shared_amount,
        sum(billed_cost_usd) as shared_amount_usd
    from ai_lines
    where not is_ai_usage
    group by 1, 2, 3
),

usage_totals as (
    select
        charge_month,
        provider,
        billing_currency,
        sum(amount) as usage_amount
    from usage_allocations
    group by 1, 2, 3
),

allocations_with_shared as (
    select
        usage_allocations.charge_month,
        usage_allocations.provider,
        usage_allocations.billing_currency,
        usage_allocations.team_id,
        usage_allocations.unallocated_reason,
        usage_allocations.amount as usage_amount,
        usage_allocations.amount_usd as usage_amount_usd,
        coalesce(shared_charges.shared_amount * usage_allocations.amount / nullif(usage_totals.usage_amount, 0), 0)
            as shared_amount,
        coalesce(
            shared_charges.shared_amount_usd * usage_allocations.amount / nullif(usage_totals.usage_amount, 0), 0
        ) as shared_amount_usd
    from usage_allocations
    inner join usage_totals
        on
            usage_allocations.charge_month = usage_totals.charge_month
            and usage_allocations.provider = usage_totals.provider
            and usage_allocations.billing_currency = usage_totals.billing_currency
    left join shared_charges
        on
            usage_allocations.charge_month = shared_charges.charge_month
            and usage_allocations.provider = shared_charges.provider
            and usage_allocations.billing_currency = shared_charges.billing_currency
),

shared_without_usage as (
    select
        shared_charges.charge_month,
        shared_charges.provider,
        shared_charges.billing_currency,
        cast(null as {{ dbt.type_string() }}) as team_id,
        'shared_charge_without_usage' as unallocated_reason,
        0 as usage_amount,
        0 as usage_amount_usd,
        shared_charges.shared_amount,
        shared_charges.shared_amount_usd
    from shared_charges
    left join usage_totals
        on
            shared_charges.charge_month = usage_totals.charge_month
            and shared_charges.provider = usage_totals.provider
            and shared_charges.billing_currency = usage_totals.billing_currency
    where coalesce(usage_totals.usage_amount, 0) = 0
),

all_allocations as (
    select * from allocations_with_shared
    union all
    select * from shared_without_usage
),

final as (
    select
        charge_month,
        provider,
        billing_currency,
        team_id,
        coalesce(unallocated_reason, 'attributed') as allocation_status,
        sum(usage_amount) as usage_amount,
        sum(usage_amount_usd) as usage_amount_usd,
        sum(shared_amount) as shared_amount,
        sum(shared_amount_usd) as shared_amount_usd,
        sum(usage_amount + shared_amount) as allocated_amount,
        sum(usage_amount_usd + shared_amount_usd) as allocated_amount_usd
    from all_allocations
    group by 1, 2, 3, 4, 5
)

select * from final
