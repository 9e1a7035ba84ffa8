"""What the audit reads through: the stored events with their chain links, and the event
index (versions as of a time, the audit feed). The stores implement these in
:mod:`problemorienterat.infrastructure`; the audit's checks depend only on this module."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class StoredRow:
    """One stored event as written: its place in the log, its aggregate, its sealed state."""

    position: int
    originator_id: UUID | str
    originator_version: int
    topic: str
    state: bytes


class ChainStore(Protocol):
    """Ordered reads of the stored events and their chain links (those after a position)."""

    def events(self, after: int = 0) -> Iterator[StoredRow]: ...

    def links(self, after: int = 0) -> Iterator[tuple[int, bytes]]: ...

    def link_at(self, position: int) -> bytes | None: ...

    def link_before(self, position: int) -> bytes | None: ...

    def links_of(self, positions: Sequence[int]) -> dict[int, bytes]:
        """The links at those of ``positions`` the chain has (one read, not one each)."""
        ...


@dataclass(frozen=True)
class FeedEntry:
    """One event in the audit feed: where it stands, when, who, what, and on which aggregate."""

    position: int
    originator_id: UUID
    originator_version: int
    timestamp: datetime
    event_type: str
    actor_user_id: str
    actor_organisation: str
    actor_role: str
    municipality: str


@dataclass(frozen=True)
class FeedFilter:
    """Which events of the audit feed to list."""

    municipalities: Sequence[str]
    actor_user_id: str | None = None
    organisation: str | None = None
    event_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    originator_id: UUID | None = None


class EventIndex(Protocol):
    """Questions answered from the event metadata index."""

    def version_at(self, originator_id: UUID, moment: datetime) -> int | None: ...

    def feed(self, where: FeedFilter, *, after: int, limit: int) -> list[FeedEntry]: ...
