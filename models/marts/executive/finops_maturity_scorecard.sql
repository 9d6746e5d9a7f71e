{#- The FinOps maturity scorecard, computed from evidence every month for the company and each department: each
    dimension's level is its weakest KPI's level (a practice is only as mature as its weakest evidence), the
    overall level is the mean of the dimension levels rounded down. Each row names the KPI that holds the level
    down, the threshold it must reach for the next level and the gap, the month-on-month change of the level and a
    one-line evidence summary. A dimension without any measurable KPI that month is absent. One row per month x
    scope x dimension (and an overall row). -#}
with

kpis as (
    select * from {{ ref('finops_maturity_kpis') }}
),

rubric as (
    select * from {{ ref('maturity_rubric') }}
),

rubric_size as (
    select
        dimension,
        count(*) as kpis_in_rubric
    from rubric
    group by 1
),

ranked_kpis as (
    select
        *,
        row_number() over (
            partition by month_start_date, scope_type, scope_id, dimension order by kpi_level asc, kpi asc
        ) as weakness_rank
    from kpis
),

dimensions as (
    select
        ranked_kpis.month_start_date,
        ranked_kpis.scope_type,
        ranked_kpis.scope_id,
        ranked_kpis.dimension,
        min(ranked_kpis.kpi_level) as maturity_level,
        count(*) as kpis_evaluated,
        max(case when ranked_kpis.weakness_rank = 1 then ranked_kpis.kpi end) as limiting_kpi,
        max(case when ranked_kpis.weakness_rank = 1 then ranked_kpis.kpi_value end) as limiting_kpi_value,
        max(case when ranked_kpis.weakness_rank = 1 then ranked_kpis.next_level_threshold end) as next_level_threshold,
        max(case when ranked_kpis.weakness_rank = 1 then ranked_kpis.gap_to_next_level end) as gap_to_next_level,
        {{ dbt.listagg(
            dbt.concat(['ranked_kpis.kpi', "' '", 'cast(round(ranked_kpis.kpi_value, 3) as ' ~ dbt.type_string() ~ ')',
                "' (L'", 'cast(ranked_kpis.kpi_level as ' ~ dbt.type_string() ~ ')', "')'"]),
            "'; '",
            'order by ranked_kpis.kpi'
        ) }} as evidence
    from ranked_kpis
    group by 1, 2, 3, 4
),

ranked_dimensions as (
    select
        *,
        row_number() over (
            partition by month_start_date, scope_type, scope_id order by maturity_level asc, dimension asc
        ) as weakness_rank
    from dimensions
),

overall as (
    select
        month_start_date,
        scope_type,
        scope_id,
        'overall' as dimension,
        cast(floor(avg(1.0 * maturity_level)) as {{ dbt.type_bigint() }}) as maturity_level,
        cast(sum(kpis_evaluated) as {{ dbt.type_bigint() }}) as kpis_evaluated,
        max(case when weakness_rank = 1 then dimension end) as limiting_kpi,
        cast(null as {{ type_double() }}) as limiting_kpi_value,
        cast(null as {{ type_double() }}) as next_level_threshold,
        cast(null as {{ type_double() }}) as gap_to_next_level,
        {{ dbt.listagg(
            dbt.concat(['dimension', "' L'", 'cast(maturity_level as ' ~ dbt.type_string() ~ ')']),
            "'; '",
            'order by dimension'
        ) }} as evidence,
        count(*) as dimensions_evaluated
    from ranked_dimensions
    group by 1, 2, 3
),

combined as (
    select
        dimensions.month_start_date,
        dimensions.scope_type,
        dimensions.scope_id,
        dimensions.dimension,
        cast(dimensions.maturity_level as {{ dbt.type_bigint() }}) as maturity_level,
        cast(dimensions.kpis_evaluated as {{ dbt.type_bigint() }}) as kpis_evaluated,
        dimensions.kpis_evaluated = rubric_size.kpis_in_rubric as is_complete,
        dimensions.limiting_kpi,
        dimensions.limiting_kpi_value,
        dimensions.next_level_threshold,
        dimensions.gap_to_next_level,
        dimensions.evidence
    from dimensions
    inner join rubric_size
        on dimensions.dimension = rubric_size.dimension
    union all
    select
        month_start_date,
        scope_type,
        scope_id,
        dimension,
        maturity_level,
        kpis_evaluated,
        dimensions_evaluated = 5 as is_complete,
        limiting_kpi,
        limiting_kpi_value,
        next_level_threshold,
        gap_to_next_level,
        evidence
    from overall
),

final as (
    select
        month_start_date,
        scope_type,
        scope_id,
        dimension,
        maturity_level,
        maturity_level - lag(maturity_level) over (
            partition by scope_type, scope_id, dimension order by month_start_date
        ) as level_change,
        case when maturity_level < 5 then maturity_level + 1 end as next_level,
        kpis_evaluated,
        is_complete,
        limiting_kpi,
        limiting_kpi_value,
        next_level_threshold,
        gap_to_next_level,
        evidence
    from combined
)

select * from final
