"""The lookups (:mod:`problemorienterat.domain.lookup`) every save keeps, and reading them.

Each kind says which keys an aggregate's new events record it with, and which were stored
before the kind existed. :meth:`LookupUseCases.save` adds the lookups of whatever it saves to
the same transaction, whichever code saves it (a use case, the demo, the benchmarks), so a
lookup is never behind its aggregates. On a store written before a kind existed, the first
save that needs it (or :meth:`LookupUseCases.build_lookups`, which ``serve`` runs at its
start) looks up what was stored before, and records the kind's :class:`LookupBuilt` with it.
Until then :meth:`LookupUseCases.looked_up` reads every aggregate of the kind, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Recording

from problemorienterat.application.base import ServiceBase
from problemorienterat.domain.errors import ConcurrentWriteError, NotFoundError
from problemorienterat.domain.lookup import Lookup, LookupBuilt
from problemorienterat.domain.user import MunicipalityUserIndex, MunicipalityUserIndexBuilt, User
from problemorienterat.domain.working_group import (
    MembershipIndex,
    MembershipIndexBuilt,
    MunicipalityGroupIndex,
    MunicipalityGroupIndexBuilt,
    WorkingGroup,
)

Pairs = Iterable[tuple[str, UUID]]
"""(key, the id of an aggregate recorded with it)."""


@dataclass(frozen=True)
class LookupKind:
    """One kind of lookup: its aggregate, its marker, and which keys an aggregate of type
    ``recorded`` is recorded with."""

    lookup: type[Lookup]
    built: type[LookupBuilt]
    recorded: type[Any]
    pending: Callable[[Any], Pairs]
    """What an aggregate of type ``recorded`` records by its new events."""
    stored: Callable[[Any], Pairs]
    """What one such aggregate, as stored, is recorded with."""


def _members_added(group: WorkingGroup) -> Iterator[tuple[str, UUID]]:
    for event in group.pending_events:
        if isinstance(event, WorkingGroup.MemberAdded):
            yield event.member.user_id, group.id


def _established(group: WorkingGroup) -> Iterator[tuple[str, UUID]]:
    for event in group.pending_events:
        if isinstance(event, WorkingGroup.Established):
            yield event.municipality, group.id


def _municipalities_given(user: User) -> Iterator[tuple[str, UUID]]:
    for event in user.pending_events:
        if isinstance(event, User.Added | User.MunicipalitiesChanged):
            for code in event.municipalities:
                yield code, user.id


# fmt: off
MEMBERSHIPS = LookupKind(
    MembershipIndex, MembershipIndexBuilt, WorkingGroup, _members_added,
    stored=lambda group: ((user_id, group.id) for user_id in group.members),
)
MUNICIPALITY_GROUPS = LookupKind(
    MunicipalityGroupIndex, MunicipalityGroupIndexBuilt, WorkingGroup, _established,
    stored=lambda group: [(group.municipality, group.id)],
)
MUNICIPALITY_USERS = LookupKind(
    MunicipalityUserIndex, MunicipalityUserIndexBuilt, User, _municipalities_given,
    stored=lambda user: ((code, user.id) for code in user.municipalities),
)
# fmt: on
KINDS = (MEMBERSHIPS, MUNICIPALITY_GROUPS, MUNICIPALITY_USERS)
_CREATED = {WorkingGroup: WorkingGroup.Established, User: User.Added}


class LookupUseCases(ServiceBase):
    """Saves keep the lookups; readers ask them (see the module's description)."""

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Save, with the lookups of what the aggregates' new events record, in the same
        transaction."""
        extra: list[Aggregate] = []
        for kind in KINDS:
            pairs = [p for obj in objs if isinstance(obj, kind.recorded) for p in kind.pending(obj)]
            if pairs:
                extra += self._lookups_with(kind, pairs, building=not self._built(kind))
        recordings = super().save(*objs, *extra, **kwargs)
        self._remember_built(extra)
        return recordings

    def build_lookups(self) -> list[str]:
        """Look up what was stored before each kind of lookup existed (reading every
        aggregate of its kind once per installation); the kinds built now, by name. A kind
        another process builds at the same moment is left to it."""
        done = []
        for kind in KINDS:
            if self._built(kind):
                continue
            records = self._lookups_with(kind, [], building=True)
            try:
                self.commit(*records)
            except ConcurrentWriteError:
                continue
            self._remember_built(records)
            done.append(kind.lookup.__name__)
        return done

    def looked_up(self, kind: LookupKind, key: str) -> list[Any]:
        """The aggregates recorded with ``key``, for the caller to check that each still
        answers its question: those the key's lookup names, or every aggregate of the kind
        where the kind is not built on this store yet (no server started on it since)."""
        if self._built(kind):
            lookup = self._lookup(kind, key)
            ids = [] if lookup is None else lookup.items
        else:
            ids = self._recorded_by(_CREATED[kind.recorded])
        return [a for a in self.load_present(*((kind.recorded, i) for i in ids)) if a is not None]

    def _lookups_with(self, kind: LookupKind, pairs: Pairs, *, building: bool) -> list[Aggregate]:
        """The lookups to save for ``pairs``; when ``building``, the kind's marker and the
        lookups of everything stored too."""
        extra: list[Aggregate] = []
        if building:
            created = self._recorded_by(_CREATED[kind.recorded])
            stored = [p for i in created for p in kind.stored(self.load(kind.recorded, i))]
            pairs = [*stored, *pairs]
            extra.append(kind.built.after_reading(len(created)))
        found: dict[str, Lookup] = {}
        for key, item in pairs:
            lookup = found.get(key) or self._lookup(kind, key)
            if lookup is None:
                lookup = kind.lookup.first(key, item)
            else:
                lookup.add(item)
            found[key] = lookup
        return extra + [lookup for lookup in found.values() if lookup.pending_events]

    def _lookup(self, kind: LookupKind, key: str) -> Lookup | None:
        try:
            return self.load(kind.lookup, kind.lookup.id_for(key))
        except NotFoundError:
            return None

    def _built(self, kind: LookupKind) -> bool:
        """Whether the kind's :class:`LookupBuilt` is stored (remembered once seen: it is
        never removed)."""
        known: set[type] = self.__dict__.setdefault("_lookups_built", set())
        if kind.built in known:
            return True
        try:
            self.load(kind.built, kind.built.the_id())
        except NotFoundError:
            return False
        known.add(kind.built)
        return True

    def _remember_built(self, saved: Iterable[Aggregate]) -> None:
        known: set[type] = self.__dict__.setdefault("_lookups_built", set())
        known.update(type(a) for a in saved if isinstance(a, LookupBuilt))
