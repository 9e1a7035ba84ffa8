"""The garbage collector, tuned for a long-running server process.

What start-up builds (modules, the Litestar application, pydantic and msgspec models) lives
as long as the process. Left to itself, every full collection walks all of it again: measured
on this machine under 16 clients, ten full collections in 15 s took 79 ms each, which
stopped every request for that long and set the tail latency. After start-up the server
therefore collects once, *freezes* what is left (the collector no longer scans it), and
collects young objects less often. Same run: time in the collector 1.1 s → 0.15 s, one
client's p99 77 → 24 ms, commands/s +19 % (one client) and +5 % (16 clients).
Only ``serve`` does this (not ``create_app``): tests build many applications in one process.
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
