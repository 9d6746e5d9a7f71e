with

checked_lines as (
    select * from {{ ref('base_focus__billing_focus') }}
),

sku_parses as (
    -- The model, token kind and route each line's texts name.
    select * from {{ ref('base_focus__sku_parses') }}
),

model_matches as (
    -- The catalogue model each billed model name is (the id telemetry of the same model carries).
    select
        provider_join_key,
        model_join_key,
        usage_source_join_key,
        model_id as matched_model_id
    from {{ ref('base_focus__model_matches') }}
),

parsed_lines as (
    select
        checked_lines.*,
        sku_parses.reported_model,
        sku_parses.token_type,
        sku_parses.pricing_route,
        sku_parses.model_source
    from checked_lines
    left join sku_parses
        on checked_lines.sku_text_key = sku_parses.sku_text_key
    where checked_lines.rejection_reason is null
),

matched_lines as (
    select
        parsed_lines.*,
        model_matches.matched_model_id
    from parsed_lines
    left join model_matches
        on
            coalesce(parsed_lines.provider_name, '') = model_matches.provider_join_key
            and coalesce(parsed_lines.reported_model, '') = model_matches.model_join_key
            and model_matches.usage_source_join_key = ''
),

final as (
    select
        billing_line_id,
        billing_account_id,
        billing_account_name,
        invoice_id,
        provider,
        provider_name,
        host_provider_name,
        publisher_name,
        invoice_issuer_name,
        billing_period_start_at,
        billing_period_end_at,
        charge_period_start_at,
        charge_period_end_at,
        cast(charge_period_start_at as date) as charge_date,
        cast({{ dbt.date_trunc('month', 'charge_period_start_at') }} as date) as charge_month,
        service_name,
        service_category,
        service_subcategory,
        sku_id,
        sku_price_id,
        sku_meter,
        x_sku_meter_name,
        x_usage_type,
        x_operation,
        charge_category,
        charge_class,
        charge_frequency,
        charge_description,
        consumed_quantity,
        consumed_unit,
        pricing_quantity,
        pricing_unit,
        list_unit_price,
        list_cost,
        contracted_cost,
        effective_cost,
        billed_cost,
        billing_currency,
        usd_per_unit,
        fx_rate_month,
        list_cost * usd_per_unit as list_cost_usd,
        effective_cost * usd_per_unit as effective_cost_usd,
        billed_cost * usd_per_unit as billed_cost_usd,
        is_ai_service,
        is_ai_service and charge_category = 'usage' as is_ai_usage,
        is_ai_service and charge_category = 'usage' and reported_model is not null as is_model_usage,
        tags_json,
        matched_model_id as model_id,
        reported_model,
        model_source,
        token_type,
        pricing_route
    from matched_lines
)

select * from final
