{#- One row per distinct reported provider, model and usage source among the raw calls, resolved against the
    price catalogue once per string, not per call (the checked calls join it).
    Provider: the alias seed (OpenTelemetry, LiteLLM and usual spellings), else a catalogue provider id, a custom
    price's provider or the catalogue's provider rules; a gateway alias (litellm) or a missing provider is found
    from the model: its `provider/` prefix, else the catalogue's provider-by-model rules. The model: an Azure-style
    deployment name is replaced by its model (model_deployments); the lower-cased name, then each rewrite of
    model_name_rewrites in turn (compact dates, path prefixes, Vertex @versions, Bedrock region prefixes and
    version suffixes) is tried, first against custom prices (which win), then against the catalogue rules of the
    provider's own models and of the providers whose models it serves (fallbacks), in the catalogue's order: the
    first model whose rule holds is the match, as genai-prices matches. A name that matches nothing is kept
    (priced null, listed in price_gaps). The model's developer comes from model_developers, the token convention
    from token_conventions. -#}
{{ config(materialized='table') }}

{%- set raw_names -%}
    select distinct
        cast(provider as {{ dbt.type_string() }}) as provider_reported,
        cast(coalesce(response_model, request_model) as {{ dbt.type_string() }}) as reported_model,
        cast(usage_source as {{ dbt.type_string() }}) as usage_source_reported
    from {{ ref('base_telemetry__raw_llm_requests') }}
{%- endset %}

{{ catalogue_name_matches(raw_names) }}
