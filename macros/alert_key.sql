{#- The key an alert is known by in the governance log: rule:scope_type:scope_id:YYYY-MM-DD. -#}
{% macro alert_key(relation, date_column) -%}
    {{ dbt.concat([
        relation ~ '.rule', "':'", relation ~ '.scope_type', "':'", relation ~ '.scope_id', "':'",
        'cast(' ~ relation ~ '.' ~ date_column ~ ' as ' ~ dbt.type_string() ~ ')'
    ]) }}
{%- endmacro %}
