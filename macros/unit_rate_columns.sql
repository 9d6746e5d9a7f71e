{#- The four unit rates of int_unit_rates_valid as columns, for rows grouped by whatever is being costed (a run,
    a planned workflow's month): tool call, retrieval call and orchestration overhead, and the hourly review rate
    of `department`. The caller joins the rates valid on its date. -#}
{% macro unit_rate_columns(rates, department) -%}
    max(case when {{ rates }}.rate_type = 'tool_call' then {{ rates }}.rate_usd end) as tool_call_rate_usd,
    max(case when {{ rates }}.rate_type = 'retrieval_call' then {{ rates }}.rate_usd end) as retrieval_call_rate_usd,
    max(case when {{ rates }}.rate_type = 'orchestration_overhead' then {{ rates }}.rate_usd end)
        as orchestration_rate_usd,
    max(
        case when {{ rates }}.rate_type = 'review_hour' and {{ rates }}.department_id = {{ department }} then {{ rates }}.rate_usd end
    ) as review_hour_rate_usd
{%- endmacro %}
