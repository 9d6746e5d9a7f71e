{#- Every raw FOCUS charge line in snake_case, with a surrogate line id and the reason it is rejected. The
    provider is the one serving the charge: FOCUS 1.3's ServiceProviderName, else ProviderName (1.0 to 1.2),
    named as the alias seed names it (a provider it does not know keeps its own normalized name). A line of another
    service than AI (compute, storage, ...) is kept as non-AI spend, never in an AI figure. -#}
with

source as (
    select * from {{ raw_table('focus', 'billing_focus') }} as raw_lines
),

provider_aliases as (
    select * from {{ ref('provider_aliases') }}
),

fx_rates as (
    select * from {{ ref('fx_rates') }}
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
        cast(coalesce({{ blank_as_null('ServiceProviderName') }}, {{ blank_as_null('ProviderName') }})
            as {{ dbt.type_string() }}) as provider_name,
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

identified as (
    select
        *,
        coalesce(service_category = 'AI and Machine Learning', false) as is_ai_service,
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
    from renamed
),

checked as (
    select
        identified.*,
        coalesce(
            provider_aliases.provider, {{ normalize_text('identified.provider_name') }}, 'unknown'
        ) as provider,
        fx_rates.usd_per_unit,
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
            when fx_rates.usd_per_unit is null then 'missing_fx_rate'
            when {{ is_unknown_code('identified.charge_category', 'charge_category', null_allowed=false) }}
                then 'unknown_charge_category'
        end as rejection_reason
    from identified
    left join provider_aliases
        on {{ normalize_text('identified.provider_name') }} = provider_aliases.provider_alias
    left join currencies
        on identified.billing_currency = currencies.currency
    left join fx_rates
        on
            identified.billing_currency = fx_rates.currency
            and cast({{ dbt.date_trunc('month', 'identified.charge_period_start_at') }} as date) = fx_rates.rate_month
),

final as (
    select
        {{ dbt.concat([
            "line_hash",
            "'-'",
            "cast(row_number() over (partition by line_hash order by invoice_id) as " ~ dbt.type_string() ~ ")",
        ]) }} as billing_line_id,
        *
    from checked
)

select * from final
