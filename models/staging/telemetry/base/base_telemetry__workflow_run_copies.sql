{#- Every copy of a workflow run id that occurs more than once among the checked runs, numbered: copy 1 is the
    one kept (valid copies first, then the earliest start, then the earliest end). See copy_ranking. -#}
{{ config(materialized='table') }}

{{ repeated_copies(
    ref('base_telemetry__workflow_runs_checked'),
    'workflow_run_id',
    ['checked_rows.started_at asc', 'checked_rows.ended_at asc']
) }}
