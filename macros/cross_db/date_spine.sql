{#- One row per day from start_date to end_date inclusive, as a column `date_day`. Arguments are SQL
    expressions of type date (columns of a one-row relation given as `from_relation`, or literals). -#}
{% macro date_spine(start_date, end_date, from_relation=none) -%}
    {{ return(adapter.dispatch('date_spine')(start_date, end_date, from_relation)) }}
{%- endmacro %}

{% macro default__date_spine(start_date, end_date, from_relation) -%}
    select cast(spine.generated_day as date) as date_day
    from {% if from_relation %}{{ from_relation }}, {% endif %}
        generate_series(
            cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval 1 day
        ) as spine (generated_day)
{%- endmacro %}

{% macro bigquery__date_spine(start_date, end_date, from_relation) -%}
    select date_day
    from {% if from_relation %}{{ from_relation }}, {% endif %}
        unnest(generate_date_array(cast({{ start_date }} as date), cast({{ end_date }} as date))) as date_day
{%- endmacro %}
