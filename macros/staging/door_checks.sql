{#- Checks every raw table's staging applies to a raw value before it is kept (see the quarantine docs). -#}

{#- The codes a raw value may take where a mart tests it with accepted_values (the same lists as those tests). -#}
{% macro accepted_codes(name) -%}
    {%- set codes = {
        'environment': ['production', 'staging', 'experiment'],
        'request_status': ['ok', 'error'],
        'operation': [
            'chat', 'embeddings', 'text_completion', 'execute_tool', 'invoke_agent', 'create_agent', 'generate_content'
        ],
        'route': ['standard', 'batch', 'priority', 'flex', 'fast'],
        'data_class': ['public', 'internal', 'confidential', 'restricted'],
        'run_status': ['completed', 'failed', 'abandoned', 'blocked'],
        'charge_category': ['usage', 'purchase', 'tax', 'credit', 'adjustment'],
        'event_type': ['budget_override', 'model_exception', 'alert_acknowledged', 'alert_resolved', 'routing_change'],
    } -%}
    {{ return(codes[name]) }}
{%- endmacro %}

{#- True when `expression` is not one of the codes `name` (a null counts as not one when `null_allowed` is false;
    otherwise a null passes). -#}
{% macro is_unknown_code(expression, name, null_allowed=true) -%}
    {%- set listed = [] -%}
    {%- for code in accepted_codes(name) -%}
        {%- do listed.append("'" ~ code ~ "'") -%}
    {%- endfor -%}
    {%- if null_allowed -%}
        ({{ expression }} is not null and {{ expression }} not in ({{ listed | join(', ') }}))
    {%- else -%}
        ({{ expression }} is null or {{ expression }} not in ({{ listed | join(', ') }}))
    {%- endif -%}
{%- endmacro %}

{#- True when a timestamp lies before var('earliest_valid_date'): no AI spend is that old, so it is a clock or
    logging error (a zero epoch, 1970-01-01, is the usual one). -#}
{% macro is_before_earliest_date(expression) -%}
    ({{ expression }} < cast('{{ var("earliest_valid_date") }}' as {{ dbt.type_timestamp() }}))
{%- endmacro %}

{#- True when any of the floating point `expressions` is NaN or infinite. -#}
{% macro any_non_finite(expressions) -%}
    {%- set checks = [] -%}
    {%- for expression in expressions -%}
        {%- do checks.append('not coalesce(' ~ is_finite(expression) ~ ', true)') -%}
    {%- endfor -%}
    ({{ checks | join(' or ') }})
{%- endmacro %}
