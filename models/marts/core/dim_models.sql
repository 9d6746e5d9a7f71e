with

models as (
    select * from {{ ref('int_model_catalogue') }}
),

final as (
    select
        provider,
        model_id,
        model_name,
        model_source,
        model_tier,
        tier_source,
        model_family,
        is_reasoning_model,
        context_window_tokens,
        has_current_price as has_catalogue_price,
        current_input_price_per_mtok,
        current_cache_read_price_per_mtok,
        current_cache_write_price_per_mtok,
        current_output_price_per_mtok,
        current_blended_price_per_mtok
    from models
)

select * from final
