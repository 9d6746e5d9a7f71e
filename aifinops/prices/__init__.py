"""Model price catalogue: refreshed from the genai-prices package, never typed by hand."""
