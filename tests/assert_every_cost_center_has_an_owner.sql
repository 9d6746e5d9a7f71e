-- Every cost centre charged (other than the explicit unallocated line) belongs to a team with a budget owner.
with

chargeback as (
    select * from {{ ref('chargeback') }}
),

teams as (
    select * from {{ ref('teams') }}
),

owned as (
    select distinct cost_center_id from teams
    where budget_owner_email is not null and budget_owner_email != ''
)

select distinct chargeback.cost_center_id
from chargeback
left join owned
    on chargeback.cost_center_id = owned.cost_center_id
where not chargeback.is_unallocated_line and owned.cost_center_id is null
