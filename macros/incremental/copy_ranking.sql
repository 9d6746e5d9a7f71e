{#- CTEs that number the copies of each id of `checked` (a CTE with `id_column` and invalid_reason) and end in
    a CTE named `ranked`: checked's columns plus copy_number (1 = the copy kept; null for rows without an id).
    Valid copies come first, then `order_by`. Only ids with more than one copy are ranked, so the sort touches
    the few duplicated rows rather than every row. In an incremental build, copies of the same id held in
    {{ this }} from days before `lookback_start` precede this load's copies (they are earlier), so every copy
    gets the number a full refresh gives it. -#}
{% macro copy_ranking_ctes(checked, id_column, order_by, lookback_start) -%}
{% if is_incremental() -%}
earlier_copies as (
    select
        {{ id_column }},
        count(*) as copies,
        {{ count_if('invalid_reason is null') }} as kept_copies
    from {{ this }}
    where
        partition_date > {{ undated_partition() }}
        and partition_date < {{ lookback_start }}
        and {{ id_column }} in (select {{ checked }}.{{ id_column }} from {{ checked }})
    group by {{ id_column }}
),
{%- endif %}

repeated_ids as (
    select distinct {{ id_column }}
    from (
        select {{ id_column }}
        from {{ checked }}
        where {{ id_column }} is not null
        group by {{ id_column }}
        having count(*) > 1
        {%- if is_incremental() %}
            union all
            select {{ id_column }} from earlier_copies
        {%- endif %}
    ) as repeated
),

single_copies as (
    select
        {{ checked }}.*,
        case when {{ checked }}.{{ id_column }} is not null then 1 end as copy_number
    from {{ checked }}
    left join repeated_ids
        on {{ checked }}.{{ id_column }} = repeated_ids.{{ id_column }}
    where repeated_ids.{{ id_column }} is null
),

repeated_copies as (
    select
        {{ checked }}.*,
        row_number() over (
            partition by {{ checked }}.{{ id_column }}
            order by
                case when {{ checked }}.invalid_reason is null then 0 else 1 end asc,
                {{ order_by | join(', ') }}
        )
        {%- if is_incremental() %}
            + coalesce(
                case
                    when {{ checked }}.invalid_reason is null then earlier_copies.kept_copies
                    else earlier_copies.copies
                end,
                0
            )
        {%- endif %} as copy_number
    from {{ checked }}
    inner join repeated_ids
        on {{ checked }}.{{ id_column }} = repeated_ids.{{ id_column }}
    {%- if is_incremental() %}
        left join earlier_copies
            on {{ checked }}.{{ id_column }} = earlier_copies.{{ id_column }}
    {%- endif %}
),

ranked as (
    select * from single_copies
    union all
    select * from repeated_copies
)
{%- endmacro %}
