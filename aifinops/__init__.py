"""AI FinOps warehouse: Python tools around the dbt project (demo data, price refresh)."""
