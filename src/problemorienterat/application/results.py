"""What a command returns to its caller."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class CommandResult:
    """The aggregate changed, its new version, and the log position of the command's last event.

    ``position`` lets a caller ask a projection to have caught up at least that far
    (read-your-writes). ``item_id`` is the id of an item the command created inside the
    aggregate (an action, a finding, a focus area), when it created one.
    """

    aggregate_id: UUID
    version: int
    position: int
    item_id: UUID | None = None
