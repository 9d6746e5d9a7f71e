{#- The catalogue rows that can price each request of `requests` (a CTE with request_id, provider, model_id,
    route, started_at and input_tokens), ranked by `preference`: the request's own route before standard,
    then the highest input-token tier the request exceeds. Only rows valid at started_at qualify
    ([valid_from, valid_to)). The pricing model keeps preference = 1; the routing what-if uses the same rule
    to price a request on another model. -#}
{% macro catalogue_price_candidates(requests, prices) -%}
    select
        {{ requests }}.request_id,
        {{ prices }}.route as price_route,
        {{ prices }}.valid_from as price_valid_from,
        {{ prices }}.input_tokens_above as price_input_tokens_above,
        {{ prices }}.input_price_per_mtok,
        coalesce({{ prices }}.cache_read_price_per_mtok, {{ prices }}.input_price_per_mtok)
            as cache_read_price_per_mtok,
        coalesce({{ prices }}.cache_write_price_per_mtok, {{ prices }}.input_price_per_mtok)
            as cache_write_price_per_mtok,
        coalesce({{ prices }}.output_price_per_mtok, 0) as output_price_per_mtok,
        row_number() over (
            partition by {{ requests }}.request_id
            order by
                case when {{ prices }}.route = {{ requests }}.route then 0 else 1 end asc,
                {{ prices }}.input_tokens_above desc
        ) as preference
    from {{ requests }}
    inner join {{ prices }}
        on
            {{ requests }}.provider = {{ prices }}.provider
            and {{ requests }}.model_id = {{ prices }}.model_id
            and {{ prices }}.route in ({{ requests }}.route, 'standard')
            and {{ requests }}.started_at >= cast({{ prices }}.valid_from as {{ dbt.type_timestamp() }})
            and (
                {{ prices }}.valid_to is null
                or {{ requests }}.started_at < cast({{ prices }}.valid_to as {{ dbt.type_timestamp() }})
            )
            and ({{ prices }}.input_tokens_above = 0 or {{ requests }}.input_tokens > {{ prices }}.input_tokens_above)
{%- endmacro %}
