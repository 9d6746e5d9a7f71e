with

teams as (
    select * from {{ ref('teams') }}
),

final as (
    select
        team_id,
        team_name,
        department_id,
        department_name,
        business_unit,
        cost_center_id,
        budget_owner_email
    from teams
)

select * from final
