{#- Share of the billed AI cost attributed to a known cost centre, per month and provider, plus a company row
    (provider = 'all'). The denominator is billing truth; unattributed cost is split by reason. -#}
with

allocations as (
    select * from {{ ref('billing_allocated') }}
),

billing_lines as (
    select * from {{ ref('stg_focus__billing_focus') }}
),

monthly_costs as (
    select * from {{ ref('llm_costs_monthly') }}
),

billed_list as (
    select
        charge_month,
        provider,
        sum(list_cost_usd) as billed_list_cost_usd
    from billing_lines
    where is_model_usage
    group by 1, 2
),

telemetry as (
    select
        charge_month,
        provider,
        sum(telemetry_cost_usd) as telemetry_cost_usd
    from monthly_costs
    group by 1, 2
),

by_provider as (
    select
        allocations.charge_month,
        allocations.provider,
        sum(allocations.allocated_amount_usd) as billed_ai_cost_usd,
        sum(case when allocations.allocation_status = 'attributed' then allocations.allocated_amount_usd else 0 end)
            as attributed_cost_usd,
        sum(case when allocations.allocation_status = 'no_telemetry' then allocations.allocated_amount_usd else 0 end)
            as unattributed_no_telemetry_usd,
        sum(
            case
                when allocations.allocation_status = 'no_tag_or_key_mapping' then allocations.allocated_amount_usd
                else 0
            end
        ) as unattributed_no_tag_or_key_usd,
        sum(
            case when allocations.allocation_status = 'unpriced_model' then allocations.allocated_amount_usd else 0 end
        ) as unattributed_unpriced_model_usd,
        sum(
            case
                when allocations.allocation_status = 'unidentified_model' then allocations.allocated_amount_usd
                else 0
            end
        ) as unattributed_unidentified_model_usd,
        sum(
            case
                when allocations.allocation_status = 'shared_charge_without_usage' then allocations.allocated_amount_usd
                else 0
            end
        ) as unattributed_shared_charges_usd
    from allocations
    group by 1, 2
),

with_coverage as (
    select
        by_provider.*,
        coalesce(telemetry.telemetry_cost_usd, 0) as telemetry_cost_usd,
        coalesce(billed_list.billed_list_cost_usd, 0) as billed_list_cost_usd
    from by_provider
    left join telemetry
        on by_provider.charge_month = telemetry.charge_month and by_provider.provider = telemetry.provider
    left join billed_list
        on by_provider.charge_month = billed_list.charge_month and by_provider.provider = billed_list.provider
),

company_total as (
    select
        charge_month,
        'all' as provider,
        sum(billed_ai_cost_usd) as billed_ai_cost_usd,
        sum(attributed_cost_usd) as attributed_cost_usd,
        sum(unattributed_no_telemetry_usd) as unattributed_no_telemetry_usd,
        sum(unattributed_no_tag_or_key_usd) as unattributed_no_tag_or_key_usd,
        sum(unattributed_unpriced_model_usd) as unattributed_unpriced_model_usd,
        sum(unattributed_unidentified_model_usd) as unattributed_unidentified_model_usd,
        sum(unattributed_shared_charges_usd) as unattributed_shared_charges_usd,
        sum(telemetry_cost_usd) as telemetry_cost_usd,
        sum(billed_list_cost_usd) as billed_list_cost_usd
    from with_coverage
    group by 1
),

unioned as (
    select * from with_coverage
    union all
    select * from company_total
),

final as (
    select
        charge_month as month_start_date,
        provider,
        billed_ai_cost_usd,
        attributed_cost_usd,
        billed_ai_cost_usd - attributed_cost_usd as unattributed_cost_usd,
        unattributed_no_telemetry_usd,
        unattributed_no_tag_or_key_usd,
        unattributed_unpriced_model_usd,
        unattributed_unidentified_model_usd,
        unattributed_shared_charges_usd,
        case
            when billed_ai_cost_usd > 0 then least(1.0, greatest(0.0, attributed_cost_usd / billed_ai_cost_usd))
        end as allocation_accuracy,
        telemetry_cost_usd,
        billed_list_cost_usd,
        case
            when billed_list_cost_usd > 0 then least(1.0, telemetry_cost_usd / billed_list_cost_usd)
        end as telemetry_coverage
    from unioned
)

select * from final
