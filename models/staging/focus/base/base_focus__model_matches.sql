{#- The invoice's provider and model names (ServiceProviderName or ProviderName; x_Model, or the model the SKU
    patterns read) resolved against the price catalogue by the rules of base_telemetry__model_matches, once per
    distinct name, so a billed model meets the telemetry of the same model whatever either calls it (a dated
    snapshot, a provider prefix). -#}
{{ config(materialized='table') }}

{%- set raw_names -%}
    select distinct
        provider_name as provider_reported,
        reported_model,
        cast(null as {{ dbt.type_string() }}) as usage_source_reported
    from {{ ref('base_focus__sku_parses') }} as parsed_lines
{%- endset %}

{{ catalogue_name_matches(raw_names) }}
