"""Lookups: aggregates that lead from a key to the aggregates recorded with it, so that a
question such as "which groups is this user in" need not read every aggregate of a kind.

A lookup's id is derived from its key. It only grows: it names every aggregate ever
recorded with the key, and whoever reads it loads those and checks that each still answers
the question (a member removed, a municipality taken away). A kind of lookup introduced
after the store was first written is marked built (:class:`LookupBuilt`, one per kind) once
what was stored before it is looked up too.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate


def lookup_namespace(name: str) -> UUID:
    """The namespace of the ids of a kind of lookup (or of the markers)."""
    return uuid5(NAMESPACE_URL, f"urn:problemorienterat:lookup:{name}")


class Lookup(Aggregate):
    """The ids of the aggregates recorded with one key, in the order they were added; a
    kind of lookup is a subclass, and its ids are derived from its name and the key (a
    lookup's class, like its events' topics, is never renamed)."""

    class Created(Aggregate.Created):
        item: UUID

    class Added(Aggregate.Event):
        item: UUID

        def apply(self, lookup: Lookup) -> None:
            lookup.items.append(self.item)

    def __init__(self, item: UUID) -> None:
        self.items: list[UUID] = [item]

    @classmethod
    def id_for(cls, key: str) -> UUID:
        """The id of the lookup of ``key``."""
        return uuid5(lookup_namespace(cls.__name__), key)

    @classmethod
    def first(cls, key: str, item: UUID) -> Lookup:
        return cls._create(cls.Created, id=cls.id_for(key), item=item)

    def add(self, item: UUID) -> None:
        """``item`` was recorded with the key too (nothing if it is listed already)."""
        if item not in self.items:
            self.trigger_event(self.Added, item=item)


class LookupBuilt(Aggregate):
    """What was stored before a kind of lookup existed is looked up (``read``: how many
    aggregates were read for it): from then on a key without a lookup has no aggregates. One
    per kind, its id in a namespace of its own (no key can name it)."""

    class Created(Aggregate.Created):
        read: int

    def __init__(self, read: int) -> None:
        self.read = read

    @classmethod
    def the_id(cls) -> UUID:
        return uuid5(lookup_namespace("built"), cls.__name__)

    @classmethod
    def after_reading(cls, read: int) -> LookupBuilt:
        return cls._create(cls.Created, id=cls.the_id(), read=read)
