{#- Order of model tiers, cheapest first: economy 1, standard 2, premium 3 (null for anything else). -#}
{% macro tier_rank(expression) -%}
    case {{ expression }} when 'economy' then 1 when 'standard' then 2 when 'premium' then 3 end
{%- endmacro %}
