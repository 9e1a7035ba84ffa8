"""One pydantic contract per command, grouped by aggregate; :mod:`.fields` holds the
building blocks (bounded texts, the measure) and takes every limit from the domain."""
