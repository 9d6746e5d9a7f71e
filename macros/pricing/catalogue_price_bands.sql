{#- Pricing a call with int_price_bands (the pricing rule, written once for the pricing model, the routing
    what-if and the planned-workflow costs). `calls` is a relation or CTE with the catalogue provider (column
    `provider_column`), model_id, band_route (from catalogue_band_route), started_at and input_tokens; `bands` the
    int_price_bands import CTE. -#}

{#- The route a call is priced on: its own when the catalogue lists that route anywhere, else standard. -#}
{% macro catalogue_band_route(route, bands) -%}
    case when {{ route }} in (select {{ bands }}.band_route from {{ bands }}) then {{ route }} else 'standard' end
{%- endmacro %}

{#- Join condition of a call and the one band (if any) that prices it. -#}
{% macro catalogue_band_matches(calls, bands, provider_column='provider', input_tokens_column='input_tokens') -%}
    {{ calls }}.{{ provider_column }} = {{ bands }}.provider
    and {{ calls }}.model_id = {{ bands }}.model_id
    and {{ calls }}.band_route = {{ bands }}.band_route
    and {{ calls }}.started_at >= {{ bands }}.band_starts_at
    and ({{ bands }}.band_ends_at is null or {{ calls }}.started_at < {{ bands }}.band_ends_at)
    and (
        ({{ bands }}.time_of_day_from_s = 0 and {{ bands }}.time_of_day_to_s = 86400)
        or (
            {{ seconds_of_day(calls ~ '.started_at') }} >= {{ bands }}.time_of_day_from_s
            and {{ seconds_of_day(calls ~ '.started_at') }} < {{ bands }}.time_of_day_to_s
        )
    )
    and (
        {{ bands }}.input_tokens_above = 0
        or {{ calls }}.{{ input_tokens_column }} > {{ bands }}.input_tokens_above
    )
    and (
        {{ bands }}.input_tokens_up_to is null
        or {{ calls }}.{{ input_tokens_column }} <= {{ bands }}.input_tokens_up_to
    )
{%- endmacro %}

{#- Seconds since UTC midnight of a UTC timestamp (time-of-day prices). -#}
{% macro seconds_of_day(timestamp) -%}
    (
        extract(hour from {{ timestamp }}) * 3600
        + extract(minute from {{ timestamp }}) * 60
        + extract(second from {{ timestamp }})
    )
{%- endmacro %}
