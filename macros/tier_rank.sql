{#- Order of model tiers, cheapest first: economy 1, standard 2, premium 3 (null for anything else). -#}
{% macro tier_rank(expression) -%}
    case {{ expression }} when 'economy' then 1 when 'standard' then 2 when 'premium' then 3 end
{%- endmacro %}

{#- The tier name of a rank from tier_rank (null for null). -#}
{% macro tier_name(rank) -%}
    case {{ rank }} when 1 then 'economy' when 2 then 'standard' when 3 then 'premium' end
{%- endmacro %}
