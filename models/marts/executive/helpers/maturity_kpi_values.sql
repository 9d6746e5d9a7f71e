{#- The measured evidence behind the FinOps maturity scorecard: every KPI of the maturity_rubric seed per month,
    for the company and for each department. Visibility and attribution are measured against the invoice, which
    has no departments: departments carry the company's values there (is_company_wide). A KPI with nothing to
    measure in a month (no forecast yet, no anomaly, no model exception) is absent rather than zero. One row per
    month x scope x KPI. -#}
with

allocation as (
    select * from {{ ref('allocation_accuracy') }}
),

daily_spend as (
    select * from {{ ref('fct_daily_spend') }}
),

requests as (
    select * from {{ ref('fct_llm_requests') }}
),

policy as (
    select * from {{ ref('routing_policy') }}
),

opportunities as (
    select * from {{ ref('routing_opportunities') }}
),

forecast_errors as (
    select * from {{ ref('forecast_variance') }}
),

budgets as (
    select * from {{ ref('budgets') }}
),

budget_status as (
    select * from {{ ref('budget_status') }}
),

remediation as (
    select * from {{ ref('anomaly_remediation') }}
),

governance_events as (
    select * from {{ ref('stg_governance__governance_events') }}
),

teams as (
    select * from {{ ref('dim_teams') }}
),

workflows as (
    select * from {{ ref('dim_workflows') }}
),

data_end as (
    select
        cast({{ dbt.dateadd('day', 1, 'max(spend_date)') }} as {{ dbt.type_timestamp() }}) as last_moment,
        cast({{ dbt.date_trunc('month', 'max(spend_date)') }} as date) as last_month
    from daily_spend
),

departments as (
    select distinct department_id
    from teams
    where department_id is not null
),

invoice_kpis as (
    select
        month_start_date,
        'telemetry_coverage_share' as kpi,
        max(case when provider = 'all' then telemetry_coverage end) as kpi_value
    from allocation
    group by 1
    union all
    select
        month_start_date,
        'providers_with_telemetry_share' as kpi,
        sum(case when provider != 'all' and telemetry_cost_usd > 0 then billed_list_cost_usd else 0 end)
        / nullif(sum(case when provider != 'all' then billed_list_cost_usd else 0 end), 0) as kpi_value
    from allocation
    group by 1
    union all
    select
        month_start_date,
        'allocation_accuracy_share' as kpi,
        max(case when provider = 'all' then allocation_accuracy end) as kpi_value
    from allocation
    group by 1
),

company_wide as (
    select
        month_start_date,
        'company' as scope_type,
        'acme' as scope_id,
        kpi,
        kpi_value,
        false as is_company_wide
    from invoice_kpis
    union all
    select
        invoice_kpis.month_start_date,
        'department' as scope_type,
        departments.department_id as scope_id,
        invoice_kpis.kpi,
        invoice_kpis.kpi_value,
        true as is_company_wide
    from invoice_kpis
    cross join departments
),

-- The rows each measured KPI aggregates, with the department they belong to; `measured` sums them for the
-- company and for each department.
spend_rows as (
    select
        cast({{ dbt.date_trunc('month', 'spend_date') }} as date) as month_start_date,
        department_id,
        input_tokens,
        cache_read_input_tokens
    from daily_spend
),

budget_scopes as (
    select distinct
        scope_type,
        scope_id
    from budgets
    where scope_type in ('department', 'team', 'project', 'workflow', 'api_key')
),

request_rows as (
    -- Every request-level measure, in one read of the request facts: all spend, tagged spend, spend on task types
    -- whose policy tier is economy (and its premium part), spend under a budget of any scope.
    select
        cast({{ dbt.date_trunc('month', 'requests.started_date') }} as date) as month_start_date,
        requests.department_id,
        coalesce(requests.model_cost_usd, 0) as spend_usd,
        case when requests.owner_attribution_method = 'team_tag' then coalesce(requests.model_cost_usd, 0) else 0 end
            as tagged_spend_usd,
        economy_policy.task_type is not null as is_routine,
        case
            when economy_policy.task_type is not null and requests.model_tier = 'premium'
                then coalesce(requests.model_cost_usd, 0)
            else 0
        end as premium_routine_spend_usd,
        case
            when
                department_budget.scope_id is not null
                or team_budget.scope_id is not null
                or project_budget.scope_id is not null
                or workflow_budget.scope_id is not null
                or key_budget.scope_id is not null
                then coalesce(requests.model_cost_usd, 0)
            else 0
        end as covered_spend_usd
    from requests
    left join policy as economy_policy
        on requests.task_type = economy_policy.task_type and economy_policy.policy_tier = 'economy'
    left join budget_scopes as department_budget
        on department_budget.scope_type = 'department' and requests.department_id = department_budget.scope_id
    left join budget_scopes as team_budget
        on team_budget.scope_type = 'team' and requests.team_id = team_budget.scope_id
    left join budget_scopes as project_budget
        on project_budget.scope_type = 'project' and requests.project_id = project_budget.scope_id
    left join budget_scopes as workflow_budget
        on workflow_budget.scope_type = 'workflow' and requests.workflow_id = workflow_budget.scope_id
    left join budget_scopes as key_budget
        on key_budget.scope_type = 'api_key' and requests.api_key_id = key_budget.scope_id
),

request_months as (
    -- Summed once per month and department (and routine or not): the KPIs below are ratios of sums, so the
    -- company's add up the departments' without reading the requests again.
    select
        month_start_date,
        department_id,
        is_routine,
        sum(spend_usd) as spend_usd,
        sum(tagged_spend_usd) as tagged_spend_usd,
        sum(premium_routine_spend_usd) as premium_spend_usd,
        sum(covered_spend_usd) as covered_spend_usd
    from request_rows
    group by 1, 2, 3
),

attribution_rows as (
    select * from request_months
),

routine_rows as (
    select * from request_months
    where is_routine
),

budget_rows as (
    select * from request_months
),

routing_rows as (
    -- Savings recommended last month, and how much of each has gone this month (the traffic moved to the policy
    -- tier): realised = max(last month's saving - this month's, 0), at most last month's.
    select
        cast({{ dbt.dateadd('month', 1, 'previous.month_start_date') }} as date) as month_start_date,
        teams.department_id,
        previous.saving_usd as available_usd,
        least(greatest(previous.saving_usd - coalesce(current_month.saving_usd, 0), 0), previous.saving_usd)
            as realised_usd
    from opportunities as previous
    left join opportunities as current_month
        on
            current_month.month_start_date = {{ dbt.dateadd('month', 1, 'previous.month_start_date') }}
            and previous.team_id = current_month.team_id
            and previous.task_type = current_month.task_type
            and previous.provider = current_month.provider
            and previous.model_id = current_month.model_id
    left join teams
        on previous.team_id = teams.team_id
    cross join data_end
    where previous.is_recommended and previous.month_start_date < data_end.last_month
),

team_budget_rows as (
    select
        budget_status.month_start_date,
        teams.department_id,
        coalesce(budget_status.highest_threshold_crossed, 0) < 0.9 as is_within_threshold
    from budget_status
    inner join teams
        on budget_status.scope_type = 'team' and budget_status.scope_id = teams.team_id
),

remediation_rows as (
    -- Open episodes count with the time they have been open at the end of the data (a lower bound).
    select
        cast({{ dbt.date_trunc('month', 'remediation.episode_start_date') }} as date) as month_start_date,
        teams.department_id,
        coalesce(
            remediation.hours_to_resolve,
            {{ dbt.datediff(
                'remediation.detected_at', 'data_end.last_moment', 'minute'
            ) }} / 60.0
        ) / 24.0 as days_to_resolve
    from remediation
    cross join data_end
    left join teams
        on remediation.owner_team_id = teams.team_id
),

exception_rows as (
    select
        cast({{ dbt.date_trunc('month', 'governance_events.occurred_at') }} as date) as month_start_date,
        coalesce(scope_team.department_id, workflow_team.department_id) as department_id,
        governance_events.is_approved
    from governance_events
    left join teams as scope_team
        on governance_events.scope_type = 'team' and governance_events.scope_id = scope_team.team_id
    left join workflows
        on governance_events.scope_type = 'workflow' and governance_events.scope_id = workflows.workflow_id
    left join teams as workflow_team
        on workflows.owner_team_id = workflow_team.team_id
    where governance_events.event_type = 'model_exception'
),

measured as (
    {%- set measures = [
        ('cache_hit_rate', '1.0 * sum(cache_read_input_tokens) / nullif(sum(input_tokens), 0)', 'spend_rows'),
        ('explicit_attribution_share', 'sum(tagged_spend_usd) / nullif(sum(spend_usd), 0)', 'attribution_rows'),
        ('routine_premium_share', 'sum(premium_spend_usd) / nullif(sum(spend_usd), 0)', 'routine_rows'),
        ('routing_savings_realised_share', 'sum(realised_usd) / nullif(sum(available_usd), 0)', 'routing_rows'),
        ('spend_under_budget_share', 'sum(covered_spend_usd) / nullif(sum(spend_usd), 0)', 'budget_rows'),
        ('teams_within_threshold_share', 'avg(case when is_within_threshold then 1.0 else 0.0 end)', 'team_budget_rows'),
        ('median_remediation_days', median('days_to_resolve'), 'remediation_rows'),
        ('approved_exception_share', 'avg(case when is_approved then 1.0 else 0.0 end)', 'exception_rows'),
    ] %}
    {%- for scope_type, scope_column in [('company', "'acme'"), ('department', 'department_id')] %}
        {%- set outer_loop = loop %}
        {%- for kpi, value, rows in measures %}
            select
                month_start_date,
                '{{ scope_type }}' as scope_type,
                {{ scope_column }} as scope_id,
                '{{ kpi }}' as kpi,
                {{ value }} as kpi_value
            from {{ rows }}
            where {{ scope_column }} is not null
            group by 1, 2, 3
            {%- if not (loop.last and outer_loop.last) %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
    union all
    select
        forecast_month as month_start_date,
        scope_type,
        scope_id,
        'company_forecast_mape' as kpi,
        mape_6m as kpi_value
    from forecast_errors
    where scope_type in ('company', 'department')
),

final as (
    select
        month_start_date,
        scope_type,
        scope_id,
        kpi,
        kpi_value,
        false as is_company_wide
    from measured
    where kpi_value is not null
    union all
    select
        month_start_date,
        scope_type,
        scope_id,
        kpi,
        kpi_value,
        is_company_wide
    from company_wide
    where kpi_value is not null
)

select * from final
