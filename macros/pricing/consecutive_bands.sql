{#- The intervals between consecutive bounds of `from_column` / `to_column` over the rows of `candidates`, per
    provider, model and band route: one row per bound with the next bound as its end (null for the last bound).
    int_price_bands cuts the calendar (validity) and the day (time of day) with it. -#}
{% macro consecutive_bands(candidates, from_column, to_column, band_from, band_to) -%}
    select
        provider,
        model_id,
        band_route,
        bound as {{ band_from }},
        lead(bound) over (partition by provider, model_id, band_route order by bound) as {{ band_to }}
    from (
        select distinct
            provider,
            model_id,
            band_route,
            bound
        from (
            select
                provider,
                model_id,
                band_route,
                {{ from_column }} as bound
            from {{ candidates }}
            union all
            select
                provider,
                model_id,
                band_route,
                {{ to_column }} as bound
            from {{ candidates }}
            where {{ to_column }} is not null
        ) as bounds
    ) as distinct_bounds
{%- endmacro %}
