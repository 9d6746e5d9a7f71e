{#- The unit_rates seed with each rate's validity: from its valid_from to the next valid_from of the same rate
    type and department (open-ended when none). Read by run costing and the pre-deploy cost model, so both use
    the rate valid on the day. One row per rate row. -#}
with

unit_rates as (
    select * from {{ ref('unit_rates') }}
),

final as (
    select
        rate_type,
        department_id,
        unit,
        rate_usd,
        valid_from,
        lead(valid_from) over (partition by rate_type, department_id order by valid_from) as valid_to
    from unit_rates
)

select * from final
