{#- The invoice's AI usage lines re-issued per team and workflow, in FOCUS 1.2 columns, so any FOCUS tool can
    read the allocation. Each usage line counted in tokens (ConsumedUnit in seed billing_token_units) that names
    its model and token type is split over the charged teams and workflows by their share of that day's
    telemetry tokens of the line's model family (model_families) and token type; the tokens telemetry does
    not explain stay on an "unallocated" row. Those quantities are tokens (ConsumedQuantity = PricingQuantity).
    Every other AI usage line with a quantity (no model, no token type, no token unit: a Bedrock provisioned
    hour) is re-issued whole on the "unallocated" row with its own quantity and unit. A line without a quantity
    (the providers' cost reports give amounts only) cannot be a valid FOCUS usage row and is left out here;
    chargeback holds it. A line without a SkuId (AWS leaves some null) is re-issued under its meter or
    description; the publisher of a FOCUS 1.3 line is its service provider, and a FOCUS 1.0 line without a
    subcategory is Generative AI when it counts tokens. ListCost / EffectiveCost / BilledCost keep the invoice's
    own values and differences, split by the same share. Credits, taxes and adjustments are not re-issued here
    (chargeback spreads them).
    One row per invoice usage line x team x workflow (an invoice may hold several lines of one SKU and day). -#}
with

billing_lines as (
    select * from {{ ref('stg_focus__billing_focus') }}
),

daily_spend as (
    select * from {{ ref('fct_daily_spend') }}
),

teams as (
    select * from {{ ref('teams') }}
),

token_units as (
    select * from {{ ref('billing_token_units') }}
),

model_families as (
    select * from {{ ref('model_families') }}
),

ai_usage_lines as (
    select
        billing_lines.*,
        billing_lines.consumed_quantity * token_units.tokens_per_unit as billed_tokens,
        model_families.model_family
    from billing_lines
    left join token_units
        on {{ normalize_text('billing_lines.consumed_unit') }} = token_units.unit
    left join model_families
        on billing_lines.provider = model_families.provider and billing_lines.model_id = model_families.model_id
    where billing_lines.is_ai_usage
),

usage_lines as (
    -- The lines split by telemetry tokens.
    select * from ai_usage_lines
    where model_id is not null and token_type is not null and billed_tokens > 0
),

whole_lines as (
    -- The other AI usage lines, re-issued whole as unexplained.
    select * from ai_usage_lines
    where
        not (model_id is not null and token_type is not null and coalesce(billed_tokens, 0) > 0)
        and consumed_quantity is not null
),

telemetry_tokens as (
    -- From the daily spend (already day x team x workflow x provider x model, unallocated and ad_hoc named), not
    -- every call: uncached input is input less cache reads and writes, per call and so per sum.
    -- model_id is the model family from here on (the calls meet the lines of the same model named otherwise).
    select
        daily_spend.spend_date as started_date,
        daily_spend.provider,
        coalesce(model_families.model_family, daily_spend.model_id) as model_id,
        daily_spend.team_id,
        daily_spend.workflow_id,
        sum(
            daily_spend.input_tokens - daily_spend.cache_read_input_tokens - daily_spend.cache_creation_input_tokens
        ) as input_tokens,
        sum(daily_spend.cache_read_input_tokens) as cached_input_tokens,
        sum(daily_spend.cache_creation_input_tokens) as cache_write_tokens,
        sum(daily_spend.output_tokens) as output_tokens
    from daily_spend
    left join model_families
        on daily_spend.provider = model_families.provider and daily_spend.model_id = model_families.model_id
    group by 1, 2, 3, 4, 5
),

telemetry_by_type as (
    {%- for token_type, column in [
        ('input', 'input_tokens'),
        ('cached-input', 'cached_input_tokens'),
        ('cache-write', 'cache_write_tokens'),
        ('output', 'output_tokens'),
    ] %}
        select
            started_date,
            provider,
            model_id,
            team_id,
            workflow_id,
            '{{ token_type }}' as token_type,
            {{ column }} as tokens
        from telemetry_tokens
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

telemetry_totals as (
    select
        started_date,
        provider,
        model_id,
        token_type,
        sum(tokens) as tokens
    from telemetry_by_type
    group by 1, 2, 3, 4
),

line_totals as (
    select
        charge_date,
        provider,
        model_family as model_id,
        token_type,
        sum(billed_tokens) as billed_tokens
    from usage_lines
    group by 1, 2, 3, 4
),

shares as (
    select
        telemetry_by_type.started_date,
        telemetry_by_type.provider,
        telemetry_by_type.model_id,
        telemetry_by_type.token_type,
        telemetry_by_type.team_id,
        telemetry_by_type.workflow_id,
        telemetry_by_type.tokens / greatest(telemetry_totals.tokens, line_totals.billed_tokens) as token_share
    from telemetry_by_type
    inner join telemetry_totals
        on
            telemetry_by_type.started_date = telemetry_totals.started_date
            and telemetry_by_type.provider = telemetry_totals.provider
            and telemetry_by_type.model_id = telemetry_totals.model_id
            and telemetry_by_type.token_type = telemetry_totals.token_type
    inner join line_totals
        on
            telemetry_by_type.started_date = line_totals.charge_date
            and telemetry_by_type.provider = line_totals.provider
            and telemetry_by_type.model_id = line_totals.model_id
            and telemetry_by_type.token_type = line_totals.token_type
    where telemetry_by_type.tokens > 0
),

unexplained as (
    select
        line_totals.charge_date as started_date,
        line_totals.provider,
        line_totals.model_id,
        line_totals.token_type,
        'unallocated' as team_id,
        'unexplained' as workflow_id,
        1 - coalesce(sum(shares.token_share), 0) as token_share
    from line_totals
    left join shares
        on
            line_totals.charge_date = shares.started_date
            and line_totals.provider = shares.provider
            and line_totals.model_id = shares.model_id
            and line_totals.token_type = shares.token_type
    group by 1, 2, 3, 4
    having 1 - coalesce(sum(shares.token_share), 0) > 1e-9
),

all_shares as (
    select * from shares
    union all
    select * from unexplained
),

split_lines as (
    select
        usage_lines.*,
        all_shares.team_id,
        all_shares.workflow_id,
        all_shares.token_share,
        usage_lines.billed_tokens * all_shares.token_share as consumed_quantity_out,
        'Tokens' as consumed_unit_out,
        usage_lines.billed_tokens * all_shares.token_share as pricing_quantity_out,
        'Tokens' as pricing_unit_out,
        usage_lines.list_cost / usage_lines.billed_tokens as list_unit_price_out
    from usage_lines
    inner join all_shares
        on
            usage_lines.charge_date = all_shares.started_date
            and usage_lines.provider = all_shares.provider
            and usage_lines.model_family = all_shares.model_id
            and usage_lines.token_type = all_shares.token_type
),

unexplained_lines as (
    select
        whole_lines.*,
        'unallocated' as team_id,
        'unexplained' as workflow_id,
        1.0 as token_share,
        whole_lines.consumed_quantity as consumed_quantity_out,
        whole_lines.consumed_unit as consumed_unit_out,
        whole_lines.pricing_quantity as pricing_quantity_out,
        whole_lines.pricing_unit as pricing_unit_out,
        whole_lines.list_unit_price as list_unit_price_out
    from whole_lines
),

allocated as (
    select * from split_lines
    union all
    select * from unexplained_lines
),

final as (
    select
        allocated.billing_account_id as BillingAccountId,
        allocated.billing_account_name as BillingAccountName,
        allocated.billing_period_start_at as BillingPeriodStart,
        allocated.billing_period_end_at as BillingPeriodEnd,
        allocated.charge_period_start_at as ChargePeriodStart,
        allocated.charge_period_end_at as ChargePeriodEnd,
        allocated.billing_currency as BillingCurrency,
        allocated.provider_name as ProviderName,
        -- FOCUS 1.3 exports name the provider instead (ServiceProviderName).
        coalesce(allocated.publisher_name, allocated.provider_name) as PublisherName,
        allocated.invoice_issuer_name as InvoiceIssuerName,
        allocated.invoice_id as InvoiceId,
        allocated.service_name as ServiceName,
        -- Every re-issued line is AI spend, also one known only by its service (seed billing_ai_services).
        coalesce(allocated.service_category, 'AI and Machine Learning') as ServiceCategory,
        -- FOCUS 1.0 exports have no ServiceSubcategory: a token line is Generative AI.
        coalesce(
            allocated.service_subcategory,
            case when allocated.token_type is not null then 'Generative AI' else 'Other (AI and Machine Learning)' end
        ) as ServiceSubcategory,
        coalesce(
            allocated.sku_id,
            allocated.sku_price_id,
            allocated.sku_meter,
            allocated.x_usage_type,
            allocated.x_sku_meter_name,
            allocated.charge_description,
            'unknown'
        ) as SkuId,
        'Usage' as ChargeCategory,
        cast(null as {{ dbt.type_string() }}) as ChargeClass,
        'Usage-Based' as ChargeFrequency,
        allocated.charge_description as ChargeDescription,
        allocated.consumed_quantity_out as ConsumedQuantity,
        allocated.consumed_unit_out as ConsumedUnit,
        allocated.pricing_quantity_out as PricingQuantity,
        allocated.pricing_unit_out as PricingUnit,
        allocated.list_unit_price_out as ListUnitPrice,
        allocated.list_cost * allocated.token_share as ListCost,
        allocated.contracted_cost * allocated.token_share as ContractedCost,
        allocated.effective_cost * allocated.token_share as EffectiveCost,
        allocated.billed_cost * allocated.token_share as BilledCost,
        {{ dbt.concat([
            "'{\"team\": \"'", "allocated.team_id",
            "'\", \"workflow\": \"'", "allocated.workflow_id",
            "'\", \"cost_center\": \"'", "coalesce(teams.cost_center_id, 'unallocated')", "'\"}'",
        ]) }} as Tags,
        allocated.billing_line_id as x_billing_line_id,
        allocated.provider as x_provider,
        allocated.model_id as x_model,
        allocated.token_type as x_token_type,
        allocated.team_id as x_team_id,
        allocated.workflow_id as x_workflow_id,
        coalesce(teams.cost_center_id, 'unallocated') as x_cost_center_id,
        allocated.billed_cost_usd * allocated.token_share as x_billed_cost_usd
    from allocated
    left join teams
        on allocated.team_id = teams.team_id
)

select * from final
