{#- Median of an expression, as an aggregate: the exact median, the mean of the two middle values when their
    number is even, nulls ignored (null when there is no value). DuckDB's median; on BigQuery, whose aggregate
    median is approximate (approx_quantiles), percentile_cont over the group's values gathered in an array. -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro bigquery__median(expression) -%}
    (
        select percentile_cont(median_value, 0.5) over ()
        from unnest(array_agg({{ expression }} ignore nulls)) as median_value
        limit 1
    )
{%- endmacro %}
