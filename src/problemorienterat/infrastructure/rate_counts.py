"""Request counts per key and one-minute window, shared by every process serving the store.

A request never waits for the database: :meth:`WindowCounts.take` counts in memory, and a
background thread adds this process's new counts to a table of the store about once a
second (one transaction) and reads back every process's totals for the current window. A
process therefore sees the others' requests up to ``sync_seconds`` late: with N processes a
key may get about N seconds' worth of requests beyond its limit in a window, never more.

Without a database (the in-memory store) the counts are this process's alone. When the table
cannot be written (the store is read-only or full) the counting goes on in memory, and the
failure is logged once per window.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable

from problemorienterat.infrastructure.side_tables import SideTables

COUNTS_TABLE = "problemorienterat_rate_counts"
WINDOW_SECONDS = 60
SYNC_SECONDS = 1.0

_log = logging.getLogger(__name__)

Slot = tuple[str, int]  # (key, window number)


class WindowCounts:
    """Fixed one-minute windows of request counts per key, summed over processes."""

    def __init__(
        self,
        tables: SideTables | None,
        *,
        sync_seconds: float = SYNC_SECONDS,
        clock: Callable[[], float] = time.time,
        background: bool = True,
    ) -> None:
        self._tables = tables
        self._sync_seconds = sync_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._unsynced: defaultdict[Slot, int] = defaultdict(int)
        self._synced: dict[Slot, int] = {}  # every process's count at the last sync
        self._window = -1
        self._failed_window = -1
        self._written_in: int | None = None  # the last window written to the table
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None
        self._background = background

    def take(self, key: str, limit: int) -> int | None:
        """Count one request of ``key`` if the window has room for it under ``limit``: None
        then, else the seconds until the window ends (the request is not counted)."""
        now = self._clock()
        window = int(now // WINDOW_SECONDS)
        slot = (key, window)
        with self._lock:
            if window != self._window:
                self._new_window(window)
            if self._synced.get(slot, 0) + self._unsynced[slot] >= limit:
                return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
            self._unsynced[slot] += 1
        if self._background and self._thread is None:
            self._start()
        return None

    def sync(self) -> None:
        """Add this process's new counts to the table and read every process's totals of
        the current window (the background thread calls this about once a second)."""
        with self._lock:
            unsynced, self._unsynced = self._unsynced, defaultdict(int)
            window = self._window
        if not any(unsynced.values()):
            self._clean_up(int(self._clock() // WINDOW_SECONDS))
            return  # nothing new here: no need of the others' counts either
        tables = self._tables
        if tables is None:
            totals = None
        else:
            try:
                totals = self._exchange(tables, unsynced, window)
                self._written_in = window
            except Exception as error:
                if self._failed_window != window:
                    self._failed_window = window
                    _log.warning(
                        "Request counts are kept in this process only: the store did not "
                        "take them (%s).",
                        type(error).__name__,
                    )
                totals = None
        with self._lock:
            if totals is None:  # kept in memory: counted as if synced
                for slot, count in unsynced.items():
                    self._synced[slot] = self._synced.get(slot, 0) + count
            else:
                self._synced.update(
                    ((key, slot_window), count)
                    for (key, slot_window), count in totals.items()
                    if slot_window >= self._window
                )

    def _clean_up(self, window: int) -> None:
        """Once idle, remove the windows this process wrote when they are over (the counts
        name users and addresses, if only by digest: kept no longer than needed)."""
        tables = self._tables
        if tables is None or self._written_in is None or window <= self._written_in + 1:
            return
        table = tables.name(COUNTS_TABLE)
        try:
            tables.write([(f"DELETE FROM {table} WHERE time_window < ?", (window - 1,))])  # noqa: S608
        except Exception:  # the next process that writes removes them too
            return
        self._written_in = None

    def close(self) -> None:
        """Stop the background thread after one last sync."""
        self._closed.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # ------------------------------------------------------------------ inside

    def _new_window(self, window: int) -> None:
        self._window = window
        self._synced = {slot: n for slot, n in self._synced.items() if slot[1] >= window}

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="rate-counts", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._closed.wait(self._sync_seconds):
            self.sync()
        self.sync()

    @staticmethod
    def _exchange(tables: SideTables, unsynced: dict[Slot, int], window: int) -> dict[Slot, int]:
        table = tables.name(COUNTS_TABLE)
        statements: list[tuple[str, tuple[object, ...]]] = [
            (
                f"CREATE TABLE IF NOT EXISTS {table} (key TEXT NOT NULL, "
                f"time_window {tables.bigint_type} NOT NULL, count {tables.bigint_type} NOT NULL, "
                "PRIMARY KEY (key, time_window))",
                (),
            ),
            *(
                (
                    f"INSERT INTO {table} AS c (key, time_window, count) "  # noqa: S608
                    "VALUES (?, ?, ?) ON CONFLICT (key, time_window) DO UPDATE "
                    "SET count = c.count + excluded.count",
                    (_digest(key), slot_window, count),
                )
                # in one order in every process: no two transactions wait on each other
                for (key, slot_window), count in sorted(unsynced.items())
                if count
            ),
            (f"DELETE FROM {table} WHERE time_window < ?", (window - 1,)),  # noqa: S608
        ]
        tables.write(statements)
        rows = tables.read(
            f"SELECT key, time_window, count FROM {table} WHERE time_window >= ?",  # noqa: S608
            (window,),
        )
        # Back from digests to the keys this process asked about (the others' keys are not
        # needed here).
        keys = {_digest(key): key for key, _ in unsynced}
        return {
            (keys[str(digest)], int(slot_window)): int(count)
            for digest, slot_window, count in rows
            if str(digest) in keys
        }


def _digest(key: str) -> str:
    """A key as the table holds it: a digest, so no user id or address is stored as such."""
    return hashlib.blake2b(key.encode(), digest_size=16, person=b"po-rate-counts").hexdigest()
