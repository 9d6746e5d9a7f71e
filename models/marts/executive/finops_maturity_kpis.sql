{#- Each maturity KPI's measured value and the level (1-5) it earns against the maturity_rubric seed, per month,
    for the company and each department. A value earns level n when it reaches level n's threshold (>= when higher
    is better, <= when lower is better; below level 2 is level 1). Beside it: the next level's threshold and the
    gap to it (how much the value must improve, in its own unit). One row per month x scope x KPI. -#}
with

kpis as (
    select * from {{ ref('maturity_kpi_values') }}
),

rubric as (
    select * from {{ ref('maturity_rubric') }}
),

levelled as (
    select
        kpis.month_start_date,
        kpis.scope_type,
        kpis.scope_id,
        rubric.dimension,
        kpis.kpi,
        rubric.direction,
        kpis.kpi_value,
        kpis.is_company_wide,
        rubric.level_2_threshold,
        rubric.level_3_threshold,
        rubric.level_4_threshold,
        rubric.level_5_threshold,
        case
            when rubric.direction = 'higher_is_better' and kpis.kpi_value >= rubric.level_5_threshold then 5
            when rubric.direction = 'higher_is_better' and kpis.kpi_value >= rubric.level_4_threshold then 4
            when rubric.direction = 'higher_is_better' and kpis.kpi_value >= rubric.level_3_threshold then 3
            when rubric.direction = 'higher_is_better' and kpis.kpi_value >= rubric.level_2_threshold then 2
            when rubric.direction = 'higher_is_better' then 1
            when kpis.kpi_value <= rubric.level_5_threshold then 5
            when kpis.kpi_value <= rubric.level_4_threshold then 4
            when kpis.kpi_value <= rubric.level_3_threshold then 3
            when kpis.kpi_value <= rubric.level_2_threshold then 2
            else 1
        end as kpi_level
    from kpis
    inner join rubric
        on kpis.kpi = rubric.kpi
),

final as (
    select
        month_start_date,
        scope_type,
        scope_id,
        dimension,
        kpi,
        direction,
        kpi_value,
        is_company_wide,
        cast(kpi_level as {{ dbt.type_bigint() }}) as kpi_level,
        case
            when kpi_level = 1 then level_2_threshold
            when kpi_level = 2 then level_3_threshold
            when kpi_level = 3 then level_4_threshold
            when kpi_level = 4 then level_5_threshold
        end as next_level_threshold,
        case
            when kpi_level = 1 then level_2_threshold
            when kpi_level = 2 then level_3_threshold
            when kpi_level = 3 then level_4_threshold
            when kpi_level = 4 then level_5_threshold
        end
        * case when direction = 'higher_is_better' then 1 else -1 end
        + kpi_value * case when direction = 'higher_is_better' then -1 else 1 end as gap_to_next_level
    from levelled
)

select * from final
