"""A municipality's aggregates as they were at a moment, read from the event store.

The views hold only the present; what lokala BRÅ saw on a past date (the agenda it was
given, the state a yearly report describes) comes from the events themselves: which
aggregates existed then is answered by the event index (their creation events up to the
moment), and each is loaded as of the last event at or before it
(:meth:`AuditTrailUseCases.state_as_of`). Those created later, and those erased since,
are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from problemorienterat.application.audit_trail import AuditTrailUseCases
from problemorienterat.audit.ports import FeedFilter
from problemorienterat.domain.base import MunicipalAggregate
from problemorienterat.domain.errors import NotFoundError

M = TypeVar("M", bound=MunicipalAggregate)

_PAGE = 1000


class AsOfUseCases(AuditTrailUseCases):
    """Reads of a municipality's aggregates of one kind, now or as of a moment."""

    def created_ids(
        self, cls: type[M], municipality: str, *, at: datetime | None = None
    ) -> Iterator[UUID]:
        """The ids of ``municipality``'s aggregates of type ``cls`` created up to ``at``
        (every one without ``at``), in the order they were created."""
        created = next(
            (
                event.__qualname__
                for event in vars(cls).values()
                if isinstance(event, type)
                and issubclass(event, MunicipalAggregate.Created)
                and event.__name__ != "Created"  # the library's own, never triggered here
            ),
            None,
        )
        if created is None:
            msg = f"{cls.__name__} declares no creation event."
            raise TypeError(msg)
        where = FeedFilter(municipalities=[municipality], event_type=created, until=at)
        after = 0
        while True:
            page = self.audit_feed(where, after=after, limit=_PAGE)
            for entry in page:
                yield entry.originator_id
            if len(page) < _PAGE:
                return
            after = page[-1].position

    def aggregates_as_of(
        self, cls: type[M], municipality: str, *, at: datetime | None = None
    ) -> list[M]:
        """``municipality``'s aggregates of type ``cls`` as they were at ``at`` (now without
        it); those gone since (erased) are left out."""
        found: list[M] = []
        for aggregate_id in self.created_ids(cls, municipality, at=at):
            one = self.one_as_of(cls, aggregate_id, at=at)
            if one is not None:
                found.append(one)
        return found

    def one_as_of(
        self, cls: type[M], aggregate_id: UUID, *, at: datetime | None = None
    ) -> M | None:
        """The aggregate as it was at ``at`` (now without it); None if it did not exist then."""
        try:
            if at is None:
                return self.load(cls, aggregate_id)
            return self.state_as_of(cls, aggregate_id, at=at)
        except NotFoundError:
            return None
