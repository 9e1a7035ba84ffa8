"""Group commit: the commands that arrive together are saved in one transaction.

Each command is still loaded, checked and decided on its own, in its own thread; only the
write is shared. A command hands its new events to :class:`GroupCommit` and waits. When no
write is under way, that command's thread becomes the writer: it takes every command
waiting (up to ``max_batch``) and writes all their events in one transaction, then hands
the writer's role to the next command waiting, if any, and returns. While one transaction
is being written the next batch gathers, so the more commands arrive at once, the fewer
transactions they need; a command alone is written at once, with no waiting.

A conflict fails only its own command:

- two commands in one batch that both change the same version of an aggregate: the first
  one is written, the second fails as if it had come a moment later;
- a batch the store refuses (a command based on a version another process has changed
  meanwhile): each command of the batch is then written in a transaction of its own, so
  the others are saved and only the stale one fails.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import IntegrityError, Recording

Write = Callable[[Sequence[ProcessingEvent[UUID]]], list[Recording[UUID]]]

# Told the size of every batch any group commit of this process writes (the /metrics
# histogram: api/metrics.py adds itself when the server loads it).
BATCH_OBSERVERS: list[Callable[[int], None]] = []


@dataclass(eq=False)
class _Waiting:
    """One command's events, and what became of them."""

    processing_event: ProcessingEvent[UUID]
    wake: threading.Event = field(default_factory=threading.Event)
    finished: bool = False
    recordings: list[Recording[UUID]] = field(default_factory=list)
    error: BaseException | None = None

    def finish(
        self, recordings: list[Recording[UUID]] | None = None, error: BaseException | None = None
    ) -> None:
        self.recordings = recordings or []
        self.error = error
        self.finished = True
        self.wake.set()


@dataclass
class GroupCommitStats:
    """How many commands were written in how many transactions (for the benchmarks)."""

    commands: int = 0
    transactions: int = 0
    largest_batch: int = 0


class GroupCommit:
    """Writes the events of concurrent commands together; see the module's description.

    ``write`` stores the events of the processing events it is given in one transaction
    and returns their recordings in order (the event store's ``record_together``).
    """

    def __init__(self, write: Write, *, max_batch: int = 64) -> None:
        self._write = write
        self.max_batch = max_batch
        self._queue: deque[_Waiting] = deque()
        self._lock = threading.Lock()
        self._writing = False
        self.stats = GroupCommitStats()

    @property
    def waiting(self) -> int:
        """How many commands wait for the next transaction."""
        with self._lock:
            return len(self._queue)

    def record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """Store the command's events (with others arriving now); raise its own error."""
        waiting = _Waiting(processing_event)
        with self._lock:
            self._queue.append(waiting)
            leads = not self._writing
            self._writing = True
        while True:
            if leads:
                self._write_next_batch()
            waiting.wake.wait()
            if waiting.finished:
                break
            waiting.wake.clear()  # woken to be the next writer
            leads = True
        if waiting.error is not None:
            raise waiting.error
        return waiting.recordings

    def _write_next_batch(self) -> None:
        with self._lock:
            batch = [self._queue.popleft() for _ in range(min(self.max_batch, len(self._queue)))]
        try:
            self._write_batch(batch)
        finally:
            with self._lock:
                if self._queue:
                    self._queue[0].wake.set()  # the next writer; it is in its own batch
                else:
                    self._writing = False

    def _write_batch(self, batch: list[_Waiting]) -> None:
        accepted = _without_clashes(batch)
        self.stats.commands += len(batch)
        self.stats.largest_batch = max(self.stats.largest_batch, len(batch))
        for observe in BATCH_OBSERVERS:
            observe(len(batch))
        if len(accepted) > 1:
            self.stats.transactions += 1
            try:
                recordings = self._write([w.processing_event for w in accepted])
            except IntegrityError:
                pass  # someone else's write clashes with one of them: each on its own below
            except BaseException as error:  # the store failed: each command fails with it
                for waiting in accepted:
                    waiting.finish(error=error)
                return
            else:
                start = 0
                for waiting in accepted:
                    count = len(waiting.processing_event.events)
                    waiting.finish(recordings[start : start + count])
                    start += count
                return
        for waiting in accepted:
            self.stats.transactions += 1
            try:
                waiting.finish(self._write([waiting.processing_event]))
            except BaseException as error:
                waiting.finish(error=error)


def _without_clashes(batch: list[_Waiting]) -> list[_Waiting]:
    """The commands of ``batch`` that can be written together; a command that changes an
    aggregate version an earlier one in the batch changes fails at once."""
    taken: set[tuple[Any, int]] = set()
    accepted = []
    for waiting in batch:
        versions = {
            (e.originator_id, e.originator_version) for e in waiting.processing_event.events
        }
        if versions & taken:
            waiting.finish(error=IntegrityError("another command changed this version first"))
            continue
        taken |= versions
        accepted.append(waiting)
    return accepted
