"""Loaders: real telemetry formats into the raw contract's Parquet files (`python -m aifinops.load --help`)."""
