{#- True once spend has reached `share` of a budget. Compared as a ratio (spend / budget >= share) so that an
    exact hit is not lost to the floating-point rounding of share x budget; a zero (or negative) budget is reached
    by the first spend, never by none. The ratio divides by nullif(budget, 0): BigQuery raises on x / 0 and does
    not promise to skip the right side of an `or`. -#}
{% macro budget_reached(spend, budget, share) -%}
    ({{ spend }} > 0 and ({{ budget }} <= 0 or {{ spend }} / nullif({{ budget }}, 0) >= {{ share }}))
{%- endmacro %}
