"""Great Expectations checks of the raw inputs (before dbt build) and the key marts (after it)."""
