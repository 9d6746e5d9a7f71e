{#- True when a timestamp lies further ahead of the build's clock than var('future_tolerance_hours'). -#}
{% macro is_future_timestamp(expression) -%}
    ({{ expression }} > {{ dbt.dateadd('hour', var('future_tolerance_hours'), dbt.current_timestamp()) }})
{%- endmacro %}
