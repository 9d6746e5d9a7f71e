{#- Fails for every row where the boolean expression is false (rows where it is null pass: guard nulls in the
    expression when they must fail). -#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not ({{ expression }})

{% endtest %}
