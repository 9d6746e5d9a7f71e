{#- Every raw FOCUS charge line in snake_case, with a surrogate line id and the reason it is rejected. The
    provider is the one serving the charge: FOCUS 1.3's ServiceProviderName, else ProviderName (1.0 to 1.2),
    named as the alias seed names it (a provider it does not know keeps its own normalized name). A line of another
    service than AI (compute, storage, ...) is kept as non-AI spend, never in an AI figure; AI is ServiceCategory
    "AI and Machine Learning" or a service seed billing_ai_services names (a Bedrock Marketplace model, a model
    provider's own invoice), judged once per distinct provider and service. -#}
with

source as (
    select * from {{ ref('base_focus__raw_billing_focus') }}
),

provider_aliases as (
    select * from {{ ref('provider_aliases') }}
),

fx_rates as (
    select * from {{ ref('fx_rates') }}
),

ai_services as (
    select * from {{ ref('billing_ai_services') }}
),

currencies as (
    select distinct currency from fx_rates
),

renamed as (
    select
        {{ blank_as_null('BillingAccountId') }} as billing_account_id,
        cast(BillingAccountName as {{ dbt.type_string() }}) as billing_account_name,
        cast(BillingPeriodStart as {{ dbt.type_timestamp() }}) as billing_period_start_at,
        cast(BillingPeriodEnd as {{ dbt.type_timestamp() }}) as billing_period_end_at,
        cast(ChargePeriodStart as {{ dbt.type_timestamp() }}) as charge_period_start_at,
        cast(ChargePeriodEnd as {{ dbt.type_timestamp() }}) as charge_period_end_at,
        cast(
            coalesce({{ blank_as_null('ServiceProviderName') }}, {{ blank_as_null('ProviderName') }})
            as {{ dbt.type_string() }}
        ) as provider_name,
        cast(coalesce(
            {{ blank_as_null('HostProviderName') }},
            {{ blank_as_null('ServiceProviderName') }},
            {{ blank_as_null('ProviderName') }}
        ) as {{ dbt.type_string() }}) as host_provider_name,
        cast(PublisherName as {{ dbt.type_string() }}) as publisher_name,
        cast(InvoiceIssuerName as {{ dbt.type_string() }}) as invoice_issuer_name,
        cast(InvoiceId as {{ dbt.type_string() }}) as invoice_id,
        cast(ServiceName as {{ dbt.type_string() }}) as service_name,
        cast(ServiceCategory as {{ dbt.type_string() }}) as service_category,
        cast(ServiceSubcategory as {{ dbt.type_string() }}) as service_subcategory,
        cast(SkuId as {{ dbt.type_string() }}) as sku_id,
        cast(SkuPriceId as {{ dbt.type_string() }}) as sku_price_id,
        cast(SkuMeter as {{ dbt.type_string() }}) as sku_meter,
        cast(SkuPriceDetails as {{ dbt.type_string() }}) as sku_price_details_json,
        {{ normalize_text('ChargeCategory') }} as charge_category,
        cast(ChargeClass as {{ dbt.type_string() }}) as charge_class,
        cast(ChargeFrequency as {{ dbt.type_string() }}) as charge_frequency,
        cast(ChargeDescription as {{ dbt.type_string() }}) as charge_description,
        cast(ConsumedQuantity as {{ type_double() }}) as consumed_quantity,
        cast(ConsumedUnit as {{ dbt.type_string() }}) as consumed_unit,
        cast(PricingQuantity as {{ type_double() }}) as pricing_quantity,
        cast(PricingUnit as {{ dbt.type_string() }}) as pricing_unit,
        cast(ListUnitPrice as {{ type_double() }}) as list_unit_price,
        cast(ListCost as {{ type_double() }}) as list_cost,
        cast(ContractedCost as {{ type_double() }}) as contracted_cost,
        cast(EffectiveCost as {{ type_double() }}) as effective_cost,
        cast(BilledCost as {{ type_double() }}) as billed_cost,
        upper(trim(BillingCurrency)) as billing_currency,
        cast(Tags as {{ dbt.type_string() }}) as tags_json,
        cast(x_Model as {{ dbt.type_string() }}) as x_model,
        cast(x_TokenType as {{ dbt.type_string() }}) as x_token_type,
        cast(x_SkuMeterName as {{ dbt.type_string() }}) as x_sku_meter_name,
        cast(x_SkuMeterCategory as {{ dbt.type_string() }}) as x_sku_meter_category,
        cast(x_UsageType as {{ dbt.type_string() }}) as x_usage_type,
        cast(x_Operation as {{ dbt.type_string() }}) as x_operation,
        unreadable_columns
    from source
),

with_provider as (
    select
        renamed.*,
        coalesce(
            provider_aliases.provider, {{ normalize_text('renamed.provider_name') }}, 'unknown'
        ) as provider
    from renamed
    left join provider_aliases
        on {{ normalize_text('renamed.provider_name') }} = provider_aliases.provider_alias
),

services as (
    select distinct
        provider,
        service_category,
        service_name,
        x_sku_meter_category
    from with_provider
),

service_kinds as (
    -- Whether each provider x service is AI spend.
    select
        services.provider as kind_provider,
        services.service_category as kind_service_category,
        services.service_name as kind_service_name,
        services.x_sku_meter_category as kind_x_sku_meter_category,
        coalesce(services.service_category = 'AI and Machine Learning', false)
        or count(ai_services.pattern) > 0 as is_ai_service
    from services
    left join ai_services
        on {{ regex_contains(
            "case ai_services.text_column when 'service_name' then services.service_name"
            ~ " when 'x_sku_meter_category' then services.x_sku_meter_category"
            ~ " when 'provider' then services.provider end",
            'ai_services.pattern',
        ) }}
    group by 1, 2, 3, 4
),

identified as (
    select
        with_provider.*,
        service_kinds.is_ai_service,
        -- The texts that may name the line's model, token kind and route (parsed once per distinct set).
        {{ dbt.hash(dbt.concat([
            "coalesce(provider_name, '')", "'|'",
            "coalesce(x_model, '')", "'|'",
            "coalesce(x_token_type, '')", "'|'",
            "coalesce(sku_price_details_json, '')", "'|'",
            "coalesce(service_name, '')", "'|'",
            "coalesce(sku_meter, '')", "'|'",
            "coalesce(x_usage_type, '')", "'|'",
            "coalesce(x_sku_meter_name, '')", "'|'",
            "coalesce(charge_description, '')",
        ])) }} as sku_text_key,
        {{ dbt.hash(dbt.concat([
            "coalesce(billing_account_id, '')", "'|'",
            "coalesce(cast(charge_period_start_at as " ~ dbt.type_string() ~ "), '')", "'|'",
            "coalesce(sku_id, '')", "'|'",
            "coalesce(charge_category, '')", "'|'",
            "coalesce(charge_description, '')", "'|'",
            "coalesce(cast(billed_cost as " ~ dbt.type_string() ~ "), '')",
        ])) }} as line_hash
    from with_provider
    inner join service_kinds
        on
            with_provider.provider = service_kinds.kind_provider
            and coalesce(with_provider.service_category, '') = coalesce(service_kinds.kind_service_category, '')
            and coalesce(with_provider.service_name, '') = coalesce(service_kinds.kind_service_name, '')
            and coalesce(with_provider.x_sku_meter_category, '')
            = coalesce(service_kinds.kind_x_sku_meter_category, '')
),

line_months as (
    select distinct
        billing_currency,
        cast({{ dbt.date_trunc('month', 'charge_period_start_at') }} as date) as charge_month
    from identified
    where billing_currency is not null and charge_period_start_at is not null
),

nearest_rates as (
    -- Each currency and month at the seed's rate of that month, else of the nearest month before it, else after
    -- it: an invoice older or newer than the seed's months is converted, not rejected.
    select
        line_months.billing_currency,
        line_months.charge_month,
        fx_rates.rate_month as fx_rate_month,
        fx_rates.usd_per_unit,
        row_number() over (
            partition by line_months.billing_currency, line_months.charge_month
            order by
                case when fx_rates.rate_month <= line_months.charge_month then 0 else 1 end,
                abs({{ dbt.datediff('fx_rates.rate_month', 'line_months.charge_month', 'day') }})
        ) as rate_rank
    from line_months
    inner join fx_rates
        on line_months.billing_currency = fx_rates.currency
),

checked as (
    select
        identified.*,
        nearest_rates.fx_rate_month,
        nearest_rates.usd_per_unit,
        case
            when identified.unreadable_columns is not null then 'unreadable_value'
            when identified.billing_account_id is null then 'missing_billing_account'
            when identified.charge_period_start_at is null or identified.charge_period_end_at is null
                then 'missing_charge_period'
            when {{ is_before_earliest_date('identified.charge_period_start_at') }} then 'before_earliest_date'
            when {{ is_future_timestamp('identified.charge_period_start_at') }} then 'future_timestamp'
            when identified.charge_period_end_at < identified.charge_period_start_at
                then 'charge_period_ends_before_start'
            when identified.billed_cost is null then 'missing_billed_cost'
            when {{ any_non_finite([
                'identified.billed_cost', 'identified.effective_cost', 'identified.list_cost',
                'identified.contracted_cost', 'identified.list_unit_price', 'identified.consumed_quantity',
                'identified.pricing_quantity',
            ]) }} then 'non_finite_number'
            when identified.provider_name is null and identified.is_ai_service then 'missing_provider'
            when currencies.currency is null then 'unknown_currency'
            when nearest_rates.usd_per_unit is null then 'missing_fx_rate'
            when {{ is_unknown_code('identified.charge_category', 'charge_category', null_allowed=false) }}
                then 'unknown_charge_category'
        end as rejection_reason
    from identified
    left join currencies
        on identified.billing_currency = currencies.currency
    left join nearest_rates
        on
            identified.billing_currency = nearest_rates.billing_currency
            and cast({{ dbt.date_trunc('month', 'identified.charge_period_start_at') }} as date)
            = nearest_rates.charge_month
            and nearest_rates.rate_rank = 1
),

{#- Lines of one hash are numbered in the order of every column that tells them apart, so an id names the same
    line whenever the view is read. -#}
{%- set line_order = [
    'invoice_id', 'charge_period_end_at', 'service_name', 'sku_price_id', 'sku_meter', 'consumed_quantity',
    'pricing_quantity', 'list_cost', 'contracted_cost', 'effective_cost', 'tags_json', 'x_model', 'x_token_type',
    'x_usage_type', 'x_sku_meter_name', 'provider_name', 'billing_currency',
] | join(', ') %}

final as (
    select
        {{ dbt.concat([
            "line_hash",
            "'-'",
            "cast(row_number() over (partition by line_hash order by " ~ line_order ~ ") as "
            ~ dbt.type_string() ~ ")",
        ]) }} as billing_line_id,
        *
    from checked
)

select * from final
