"""The domain: aggregates, value objects and domain errors. Knows nothing of HTTP or SQL."""
