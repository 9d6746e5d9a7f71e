with

checked_lines as (
    select * from {{ ref('base_focus__billing_focus') }}
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

matched_lines as (
    select
        checked_lines.*,
        model_matches.matched_model_id
    from checked_lines
    left join model_matches
        on
            coalesce(checked_lines.provider_name, '') = model_matches.provider_join_key
            and coalesce(checked_lines.x_model, '') = model_matches.model_join_key
            and model_matches.usage_source_join_key = ''
    where checked_lines.rejection_reason is null
),

final as (
    select
        billing_line_id,
        billing_account_id,
        billing_account_name,
        invoice_id,
        provider,
        provider_name,
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
        list_cost * usd_per_unit as list_cost_usd,
        effective_cost * usd_per_unit as effective_cost_usd,
        billed_cost * usd_per_unit as billed_cost_usd,
        is_ai_service,
        is_ai_service and charge_category = 'usage' and x_model is not null as is_model_usage,
        tags_json,
        matched_model_id as model_id,
        x_model as reported_model,
        x_token_type as token_type
    from matched_lines
)

select * from final
