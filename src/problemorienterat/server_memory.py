"""The garbage collector, tuned for a long-running server process.

What start-up builds (modules, the Litestar application, the models) lives as long as the
process; left alone, every full collection walks all of it again and stops every request
meanwhile. After start-up the server collects once, *freezes* what is left and collects young
objects less often (measured in docs/benchmarks.md). Only a server does this, not
``create_app``: tests build many applications in one process.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000  # allocations between young collections (CPython's default: 700)
OLDER_THRESHOLDS = (10, 10)


def settle_after_start_up() -> None:
    """Collect, freeze what start-up left alive, and raise the young threshold."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
