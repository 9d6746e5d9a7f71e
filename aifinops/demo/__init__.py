"""Deterministic demo data for the raw contract: telemetry, outcomes, FOCUS billing, governance, SaaS seats."""
