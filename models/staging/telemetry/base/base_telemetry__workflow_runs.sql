{#- Every raw workflow run, checked, with the reason it is rejected (null when it is kept) and its copy number
    among copies of the same run id. stg_telemetry__workflow_runs keeps the accepted rows,
    quarantine_workflow_runs the rejected ones. See copy_ranking. -#}
{{ numbered_copies(
    ref('base_telemetry__workflow_runs_checked'),
    ref('base_telemetry__workflow_run_copies'),
    'workflow_run_id',
    'duplicate_workflow_run_id'
) }}
