{#- Copies of an id among checked raw rows (a *_checked table with invalid_reason). Only ids that occur more
    than once are ranked, in a small table rebuilt on every run (so a copy arriving days after the first is
    still ranked with it), and a view gives every row its copy number and rejection reason. -#}

{#- Body of a copies model: every row of `checked` whose `id_column` occurs more than once, with copy_number
    (1 = kept: valid copies first, then `order_by`, a list of SQL expressions over the checked rows). -#}
{% macro repeated_copies(checked, id_column, order_by) -%}
with

checked_ids as (
    -- A narrow scan of the ids; the wide rows are read below only for the repeated ones.
    select {{ id_column }} from {{ checked }}
),

checked_rows as (
    select * from {{ checked }}
),

repeated_ids as (
    select {{ id_column }}
    from checked_ids
    where {{ id_column }} is not null
    group by {{ id_column }}
    having count(*) > 1
),

final as (
    select
        checked_rows.*,
        row_number() over (
            partition by checked_rows.{{ id_column }}
            order by
                case when checked_rows.invalid_reason is null then 0 else 1 end asc,
                {{ order_by | join(', ') }}
        ) as copy_number
    from checked_rows
    inner join repeated_ids
        on checked_rows.{{ id_column }} = repeated_ids.{{ id_column }}
)

select * from final
{%- endmacro %}

{#- Body of the view over checked rows and their copies: copy_number (1 for ids that occur once, null without
    an id) and rejection_reason (invalid_reason, else `duplicate_reason` after the first copy, else null). -#}
{% macro numbered_copies(checked, copies, id_column, duplicate_reason) -%}
with

checked_rows as (
    select * from {{ checked }}
),

copies as (
    select * from {{ copies }}
),

single_copies as (
    select
        checked_rows.*,
        case when checked_rows.{{ id_column }} is not null then 1 end as copy_number
    from checked_rows
    left join copies
        on checked_rows.{{ id_column }} = copies.{{ id_column }}
    where copies.{{ id_column }} is null
),

numbered as (
    select * from single_copies
    union all
    select * from copies
),

final as (
    select
        *,
        coalesce(
            invalid_reason,
            case when {{ id_column }} is not null and copy_number > 1 then '{{ duplicate_reason }}' end
        ) as rejection_reason
    from numbered
)

select * from final
{%- endmacro %}
