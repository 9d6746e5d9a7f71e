{#- Rounds `amount` to cents so that, within each partition, the rounded amounts add up to the rounded total
    (largest-remainder method: every amount is floored to the cent, and the cents left over go one each to the
    amounts with the largest remainders, ties broken by `order_by`). Works for negative amounts too. -#}
{% macro round_preserving_total(amount, partition_by, order_by) -%}
    {%- set amount = '(' ~ amount ~ ')' -%}
    (
        floor({{ amount }} * 100)
        + case
            when
                row_number() over (
                    partition by {{ partition_by }}
                    order by {{ amount }} * 100 - floor({{ amount }} * 100) desc, {{ order_by }}
                )
                <= round(sum({{ amount }}) over (partition by {{ partition_by }}) * 100)
                - sum(floor({{ amount }} * 100)) over (partition by {{ partition_by }})
                then 1
            else 0
        end
    ) / 100.0
{%- endmacro %}
