"""The events of recently shown cases, kept in memory and brought up to date by reading only
the events recorded since: a case page lists its steps from the events, and reading and
decrypting a long case's thousands of events on every view would cost tens of milliseconds.

Entries expire like the aggregate cache's (decrypted values must not outlive an erasure in
another process for long) and are all dropped on an erasure in this process.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from uuid import UUID


class CaseEvents:
    """Up to ``size`` cases' events, each kept ``max_age`` seconds after it was last read in
    full."""

    def __init__(
        self,
        read: Callable[[UUID, int], list[Any]],
        *,
        size: int = 64,
        max_age: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._read = read  # (id, after version) -> the events after that version, in order
        self._size = size
        self._max_age = max_age
        self._clock = clock
        self._cases: OrderedDict[UUID, tuple[tuple[Any, ...], float]] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, aggregate_id: UUID) -> tuple[Any, ...]:
        """Every event of the aggregate, in order (the ones kept, and any recorded since)."""
        now = self._clock()
        with self._lock:
            kept = self._cases.get(aggregate_id)
        if kept is None or now - kept[1] >= self._max_age:
            events, read_at = tuple(self._read(aggregate_id, 0)), now
        else:
            known, read_at = kept
            after = known[-1].originator_version if known else 0
            events = known + tuple(self._read(aggregate_id, after))
        with self._lock:
            self._cases[aggregate_id] = (events, read_at)
            self._cases.move_to_end(aggregate_id)
            while len(self._cases) > self._size:
                self._cases.popitem(last=False)
        return events

    def clear(self) -> None:
        with self._lock:
            self._cases.clear()
