{#- Canonical model id from what a provider or gateway reports: lower case, no provider or "models/"
    prefix, no dated snapshot suffix (-2025-08-07, -20251001) and no Vertex "@version" suffix. -#}
{% macro normalize_model_name(expression) -%}
    nullif(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    regexp_replace(lower(trim({{ expression }})), '^(models/|openai/|anthropic/|google/|mistral/)', ''),
                    '@[a-z0-9._-]+$', ''
                ),
                '-[0-9]{4}-[0-9]{2}-[0-9]{2}$', ''
            ),
            '-20[0-9]{6}$', ''
        ),
        ''
    )
{%- endmacro %}
