"""Rebuild a projection from the event store beside the one in use, then switch to it.

The new generation's tables are filled from the start of the notification log while the old
generation keeps answering queries (and the running server keeps it current). In the
transaction in which the new generation catches up with the log it becomes the active one;
the server's runner follows the switch and carries on from the new generation's position.
The replaced generation stays until the next rebuild drops it, so a query that started on it
still finishes. An interrupted rebuild resumes where it stopped when run again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.application import Application

from projections._projection import Projection
from projections._tables import Generation
from projections.runner import ProjectionRunner

RebuildProgress = Callable[[int, int], None]


def rebuild(
    application: Application[Any],
    projections: Sequence[type[Projection]],
    *,
    batch_size: int = 5000,
    progress: RebuildProgress | None = None,
) -> list[Generation]:
    """Build a new generation of each projection, in one pass over the log, and make each
    active as it catches up; return them.

    ``progress(position, head)`` is called after every batch.
    """
    runner = ProjectionRunner(application, projections=projections, batch_size=batch_size)
    runner.prepare_rebuild(projections)

    def report(position: int) -> None:
        if progress is not None:
            head = application.recorder.max_notification_id() or 0
            progress(position, max(head, position))

    report(min(g.position for g in runner.generations))
    runner.catch_up(report)
    return runner.generations
