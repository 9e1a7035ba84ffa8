"""Whether the store can write now: for ``/ready``, which must fail while the disk is full or
the database is read-only (reads still work then, so reading is no test).

:meth:`WriteProbe.check` writes one row in a table of its own (created on the first probe),
at most once per ``interval`` seconds; in between it answers what the last probe found. A
failed write that a request met (:meth:`WriteProbe.failed`) counts as a failed probe for the
same interval: SQLite may take a small write into its existing log while a larger one, which
needs the file to grow, fails.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from problemorienterat.infrastructure.side_tables import SideTables
from problemorienterat.infrastructure.store_errors import StoreUnavailableError, store_unavailable

PROBE_TABLE = "problemorienterat_write_probe"
INTERVAL_SECONDS = 2.0


class WriteProbe:
    """The store's ability to write, probed at most once per ``interval`` seconds."""

    def __init__(
        self,
        tables: SideTables | None,
        *,
        interval: float = INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._tables = tables
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._checked_at: float | None = None
        self._found: StoreUnavailableError | None = None

    def failed(self, error: StoreUnavailableError) -> None:
        """A request met ``error``: the store counts as unable to write for an interval."""
        with self._lock:
            self._checked_at, self._found = self._clock(), error

    def check(self) -> StoreUnavailableError | None:
        """None if the store could write at the last probe; else why not. Other errors (the
        store does not answer at all) are raised."""
        with self._lock:
            now = self._clock()
            if self._checked_at is not None and now - self._checked_at < self._interval:
                return self._found
            self._found = self._probe()
            self._checked_at = now
            return self._found

    def _probe(self) -> StoreUnavailableError | None:
        tables = self._tables
        if tables is None:
            return None  # in memory: always writable
        table = tables.name(PROBE_TABLE)
        try:
            tables.write(
                [
                    (
                        f"CREATE TABLE IF NOT EXISTS {table} "
                        f"(id INTEGER PRIMARY KEY, probed_at {tables.bigint_type} NOT NULL)",
                        (),
                    ),
                    (
                        f"INSERT INTO {table} (id, probed_at) VALUES (1, ?) "  # noqa: S608
                        "ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at",
                        (time.time_ns(),),
                    ),
                ]
            )
        except Exception as error:
            unavailable = store_unavailable(error)
            if unavailable is None:
                raise
            return unavailable
        return None
