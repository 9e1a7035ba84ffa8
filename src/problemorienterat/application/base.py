"""What every use case shares: load an aggregate, check the version, act, save."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from problemorienterat.application.results import CommandResult
from problemorienterat.domain.errors import (
    ConcurrentWriteError,
    NotFoundError,
    VersionConflictError,
)
from problemorienterat.infrastructure.event_store import EventStoreApplication

A = TypeVar("A", bound=Aggregate)

RECORDED_BY_PAGE = 5000
"""How many ids :meth:`ServiceBase._recorded_by` reads at a time."""


class ServiceBase(EventStoreApplication):
    """The event-sourced application all use cases run in: the use-case toolkit on top of
    the event store (:mod:`problemorienterat.infrastructure.event_store`)."""

    name = "problemorienterat"

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self._reusable = threading.local()

    def forget_cached_aggregates(self) -> None:
        """Drop every cached aggregate (after an erasure, so no erased value stays in memory)."""
        cache = self.aggregate_cache
        if cache is not None:
            cache.clear()

    @contextmanager
    def reusing(self, *aggregates: Aggregate) -> Iterator[None]:
        """Within this block (in this thread), the next load of each of ``aggregates`` gets
        that object instead of reading it again: a request that has just loaded a problem to
        check who may change it hands it to the use case. Each is handed out once."""
        outer = getattr(self._reusable, "aggregates", None)
        self._reusable.aggregates = {a.id: a for a in aggregates}
        try:
            yield
        finally:
            self._reusable.aggregates = outer

    def load(self, cls: type[A], aggregate_id: UUID, *, version: int | None = None) -> A:
        """The aggregate of type ``cls`` with that id (as of ``version``), or NotFoundError."""
        reusable: dict[UUID, Aggregate] | None = getattr(self._reusable, "aggregates", None)
        if reusable and version is None:
            given = reusable.pop(aggregate_id, None)
            if isinstance(given, cls) and not given.pending_events:
                return given
        try:
            aggregate: Aggregate = self.read_aggregate(aggregate_id, version)
        except AggregateNotFoundError:
            raise NotFoundError(f"No {_label(cls)} with that id.") from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(f"No {_label(cls)} with that id.")
        return aggregate

    def peek_cached(self, aggregate_id: UUID) -> Aggregate | None:
        """The aggregate as this process last saw it, if it is in memory: the cached object
        itself, to read a value from (never to change or hand on), maybe out of date."""
        found: Aggregate | None = self.peek_cached_aggregate(aggregate_id)
        return found

    def load_together(self, *wanted: tuple[type[Aggregate], UUID]) -> list[Aggregate]:
        """Several aggregates, brought up to date with one read of the store when they are
        cached (each otherwise loaded on its own); NotFoundError as :meth:`load`."""
        found = self.load_present(*wanted)
        for (cls, _), aggregate in zip(wanted, found, strict=True):
            if aggregate is None:
                raise NotFoundError(f"No {_label(cls)} with that id.")
        return [a for a in found if a is not None]

    def load_present(self, *wanted: tuple[type[Aggregate], UUID]) -> list[Aggregate | None]:
        """As :meth:`load_together`, with None for one that does not exist (or is of another
        type) instead of an error: the caller decides which absence to tell first."""
        cached = self.read_cached_together(i for _, i in wanted) if len(wanted) > 1 else None
        found: list[Aggregate | None] = []
        for cls, aggregate_id in wanted:
            aggregate = cached.get(aggregate_id) if cached is not None else None
            if aggregate is None:
                try:
                    aggregate = self.load(cls, aggregate_id)
                except NotFoundError:
                    aggregate = None
            found.append(aggregate if isinstance(aggregate, cls) else None)
        return found

    def change(
        self,
        cls: type[A],
        aggregate_id: UUID,
        expected_version: int | None,
        command: Callable[[A], Any],
    ) -> CommandResult:
        """Load, check the client's expected version, run ``command``, save.

        If ``command`` returns a UUID (an item it created) the result carries it.
        """
        aggregate = self.load(cls, aggregate_id)
        check_version(aggregate, expected_version)
        created = command(aggregate)
        return self.commit(aggregate, item_id=created if isinstance(created, UUID) else None)

    def _recorded_by(self, event_class: type) -> list[UUID]:
        """The id of the aggregate of every event of ``event_class`` stored, in log order (an
        aggregate once for each such event: once for a created event)."""
        topics = [get_topic(event_class)]
        # Pages as large as a list ever gets: with a small LIMIT PostgreSQL walks the whole
        # log in order instead of using the index by topic (measured: 58 ms for 10 rows of a
        # log of 288,000 events, 0.5 ms with a page of 1,000 through the index).
        page_size = RECORDED_BY_PAGE
        found: list[UUID] = []
        start = 1
        while True:
            notifications = self.recorder.select_notifications(start, page_size, topics=topics)
            found.extend(UUID(str(n.originator_id)) for n in notifications)
            if len(notifications) < page_size:
                return found
            start = notifications[-1].id + 1

    def commit(self, *aggregates: Aggregate, item_id: UUID | None = None) -> CommandResult:
        """Save the aggregates' new events in one transaction; the first is the one reported.

        A concurrent save of the same aggregate version fails the whole transaction:
        nothing is written and :class:`ConcurrentWriteError` tells the caller to retry.
        """
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentWriteError(
                "Someone else changed this at the same moment; nothing was saved. "
                "Load it again and retry."
            ) from None
        main = aggregates[0]
        position = max(r.notification.id for r in recordings) if recordings else 0
        return CommandResult(main.id, main.version, position, item_id)


def check_version(aggregate: Aggregate, expected_version: int | None) -> None:
    """Refuse a command based on an older (or newer) version than the stored one."""
    if expected_version is not None and aggregate.version != expected_version:
        raise VersionConflictError(
            f"The version you changed was {expected_version}; the current version is "
            f"{aggregate.version}. Load it again and check what changed.",
            expected=expected_version,
            actual=aggregate.version,
        )


def _label(cls: type[Any]) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in cls.__name__).strip()
