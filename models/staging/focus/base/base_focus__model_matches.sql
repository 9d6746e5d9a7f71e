{#- The invoice's provider and model names (ProviderName, x_Model) resolved against the price catalogue by the
    rules of base_telemetry__model_matches, once per distinct name, so a billed model meets the telemetry of the
    same model whatever either calls it (a dated snapshot, a provider prefix). -#}
{{ config(materialized='table') }}

{%- set raw_names -%}
    select distinct
        cast(ProviderName as {{ dbt.type_string() }}) as provider_reported,
        cast(x_Model as {{ dbt.type_string() }}) as reported_model,
        cast(null as {{ dbt.type_string() }}) as usage_source_reported
    from {{ raw_table('focus', 'billing_focus') }} as raw_lines
{%- endset %}

{{ catalogue_name_matches(raw_names) }}
