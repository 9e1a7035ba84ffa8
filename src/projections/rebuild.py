"""Rebuild a projection from the event store beside the one in use, then switch to it.

The new generation's tables are filled from the start of the notification log while the old
generation keeps answering queries (and the running server keeps it current). In the
transaction in which the new generation catches up with the log it becomes the active one;
the server's runner follows the switch and carries on from the new generation's position.
The replaced generation stays until the next rebuild drops it, so a query that started on it
still finishes. An interrupted rebuild resumes where it stopped when run again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.application import Application

from projections._projection import Projection
from projections._tables import Generation
from projections.runner import ProjectionRunner

RebuildProgress = Callable[[str, int, int], None]


def rebuild(
    application: Application[Any],
    projection: type[Projection],
    *,
    batch_size: int = 5000,
    progress: RebuildProgress | None = None,
) -> Generation:
    """Build a new generation of ``projection`` and make it active; return it.

    ``progress(name, position, head)`` is called after every batch.
    """
    runner = ProjectionRunner(application, projections=(projection,), batch_size=batch_size)
    runner.prepare_rebuild(projection)

    def report(position: int) -> None:
        if progress is not None:
            head = application.recorder.max_notification_id() or 0
            progress(projection.name, position, max(head, position))

    report(runner.generations[0].position)
    runner.catch_up(report)
    return runner.generations[0]
