"""The BigQuery client of the project's Python readers (quality checks, dashboards).

Credentials are Google's defaults (a service account in GOOGLE_APPLICATION_CREDENTIALS, or gcloud's login). With
AI_FINOPS_BQ_API_ENDPOINT set (a local BigQuery emulator, as `make test-bigquery` runs), the client talks to that
endpoint without credentials.
"""

from __future__ import annotations

import os
from typing import Any


def client(project: str) -> Any:
    """A google.cloud.bigquery.Client for `project`, on the endpoint AI_FINOPS_BQ_API_ENDPOINT names if set."""
    from google.cloud import bigquery

    endpoint = os.environ.get("AI_FINOPS_BQ_API_ENDPOINT")
    if not endpoint:
        return bigquery.Client(project=project)
    from google.auth.credentials import AnonymousCredentials

    return bigquery.Client(
        project=project, credentials=AnonymousCredentials(), client_options={"api_endpoint": endpoint}
    )
