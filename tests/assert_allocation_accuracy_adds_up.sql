-- Attributed plus every unattributed reason equals the billed AI cost, and the company row equals the sum of
-- the providers. Returns the rows that do not add up.
with

accuracy as (
    select * from {{ ref('allocation_accuracy') }}
),

by_reason as (
    select
        month_start_date,
        provider,
        billed_ai_cost_usd,
        attributed_cost_usd
        + unattributed_no_telemetry_usd
        + unattributed_no_tag_or_key_usd
        + unattributed_unpriced_model_usd
        + unattributed_unidentified_model_usd
        + unattributed_shared_charges_usd as explained_usd
    from accuracy
),

providers_summed as (
    select
        month_start_date,
        sum(billed_ai_cost_usd) as providers_billed_usd
    from accuracy
    where provider != 'all'
    group by 1
),

company_rows as (
    select
        accuracy.month_start_date,
        accuracy.billed_ai_cost_usd,
        providers_summed.providers_billed_usd
    from accuracy
    inner join providers_summed
        on accuracy.month_start_date = providers_summed.month_start_date
    where accuracy.provider = 'all'
)

select
    month_start_date,
    provider,
    'reasons do not add up' as failure
from by_reason
where abs(billed_ai_cost_usd - explained_usd) > 0.001
union all
select
    month_start_date,
    'all' as provider,
    'company row is not the sum of providers' as failure
from company_rows
where abs(billed_ai_cost_usd - providers_billed_usd) > 0.001
