{#- Every raw subscription snapshot, renamed and cast, with the reason it is rejected (null when it is kept). -#}
with

source as (
    select * from {{ ref('base_saas__raw_ai_subscriptions') }}
),

currencies as (
    select distinct currency from {{ ref('fx_rates') }}
),

teams as (
    select * from {{ ref('teams') }}
),

renamed as (
    select
        {{ blank_as_null('subscription_id') }} as subscription_id,
        {{ blank_as_null('vendor') }} as vendor,
        {{ blank_as_null('product') }} as product,
        {{ normalize_text('owner_team') }} as owner_team_id,
        cast(month as date) as subscription_month,
        cast(month as {{ dbt.type_timestamp() }}) as subscription_month_start_at,
        cast(seats_purchased as {{ dbt.type_bigint() }}) as seats_purchased,
        cast(seats_active as {{ dbt.type_bigint() }}) as seats_active,
        cast(monthly_cost as {{ type_double() }}) as monthly_cost,
        upper(trim(currency)) as currency,
        unreadable_columns
    from source
),

checked as (
    select
        renamed.*,
        case
            when renamed.unreadable_columns is not null then 'unreadable_value'
            when renamed.subscription_id is null or renamed.subscription_month is null then 'missing_key'
            when renamed.vendor is null or renamed.product is null then 'missing_product'
            when {{ is_before_earliest_date('renamed.subscription_month_start_at') }} then 'before_earliest_date'
            when {{ is_future_timestamp('renamed.subscription_month_start_at') }} then 'future_timestamp'
            when renamed.seats_purchased is null or renamed.seats_active is null then 'missing_seats'
            when renamed.seats_purchased < 0 or renamed.seats_active < 0 then 'negative_seats'
            when renamed.monthly_cost is null then 'missing_cost'
            when {{ any_non_finite(['renamed.monthly_cost']) }} then 'non_finite_number'
            when renamed.monthly_cost < 0 then 'negative_cost'
            when currencies.currency is null then 'unknown_currency'
            when renamed.owner_team_id is not null and teams.team_id is null then 'unknown_team'
        end as invalid_reason
    from renamed
    left join currencies
        on renamed.currency = currencies.currency
    left join teams
        on renamed.owner_team_id = teams.team_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by subscription_id, subscription_month
            order by case when invalid_reason is null then 0 else 1 end, seats_purchased desc
        ) as copy_number
    from checked
),

final as (
    select
        *,
        coalesce(
            invalid_reason, case when invalid_reason is null and copy_number > 1 then 'duplicate_subscription_month' end
        ) as rejection_reason
    from ranked
)

select * from final
