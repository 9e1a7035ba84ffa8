"""Which working groups a user is a member of, found through their membership index.

A member's every web request asks for their groups. Reading every group of the installation
for that grows with the installation (88 ms a request at 400 groups, measured), so each
addition of a member is recorded in the user's :class:`MembershipIndex` too, in the same
transaction as the group's ``MemberAdded``, whichever code saved the group. The index only
points the way: the groups are read and must still have the user as a member.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Recording

from problemorienterat.application.working_groups import WorkingGroupUseCases
from problemorienterat.domain.errors import ConcurrentWriteError, NotFoundError
from problemorienterat.domain.working_group import (
    MEMBERSHIP_INDEX_BUILT_ID,
    MembershipIndex,
    MembershipIndexBuilt,
    WorkingGroup,
    membership_index_id,
)

_INDEXED = "_memberships_are_indexed"


class MembershipUseCases(WorkingGroupUseCases):
    """A user's groups, and the index every save of a membership keeps."""

    def groups_of(self, user_id: str) -> list[WorkingGroup]:
        """The working groups (not dissolved) the user is a member of, by name."""
        if not self._memberships_indexed():  # an installation not yet started since the index
            return [g for g in self.active_groups() if user_id in g.members]
        index = self._membership_index(user_id)
        if index is None:
            return []
        found = self.load_present(*((WorkingGroup, g) for g in index.group_ids))
        groups = [
            g
            for g in found
            if isinstance(g, WorkingGroup) and not g.is_dissolved and user_id in g.members
        ]
        return sorted(groups, key=lambda g: (g.name, str(g.id)))

    def active_groups(self) -> list[WorkingGroup]:
        """Every working group not dissolved, of every municipality, by name."""
        groups = [self.load(WorkingGroup, g) for g in self._recorded_by(WorkingGroup.Established)]
        active = [g for g in groups if not g.is_dissolved]
        return sorted(active, key=lambda g: (g.name, str(g.id)))

    def index_memberships(self) -> bool:
        """Index the memberships recorded before :class:`MembershipIndex` existed (reading
        every group once per installation) and record :class:`MembershipIndexBuilt`; ``serve``
        does it at start. False if it was done already or another process does it now."""
        if self._memberships_indexed():
            return False
        try:
            self.commit(*self._membership_build({}))
        except ConcurrentWriteError:
            return False
        self.__dict__[_INDEXED] = True
        return True

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Save, with the membership indexes of every member the groups saved add."""
        added = _members_added(objs)
        if not added:
            return super().save(*objs, **kwargs)
        extra: list[Aggregate] = []
        indexes: dict[str, MembershipIndex] = {}
        building = not self._memberships_indexed()
        if building:
            extra = self._membership_build(indexes)
        for user_id, group_ids in added.items():
            index = indexes.get(user_id) or self._membership_index(user_id)
            for group_id in group_ids:
                if index is None:
                    index = MembershipIndex.for_member(user_id, group_id)
                    extra.append(index)
                else:
                    index.join(group_id)
            if index is not None and index.pending_events and index not in extra:
                extra.append(index)
        recordings = super().save(*objs, *extra, **kwargs)
        if building:
            self.__dict__[_INDEXED] = True
        return recordings

    def _membership_build(self, indexes: dict[str, MembershipIndex]) -> list[Aggregate]:
        """The marker and the indexes (kept in ``indexes`` by user id) of every member of
        every group as stored, for :meth:`index_memberships`."""
        group_ids = self._recorded_by(WorkingGroup.Established)
        for group_id in group_ids:
            group = self.load(WorkingGroup, group_id)
            for user_id in group.members:
                index = indexes.get(user_id) or self._membership_index(user_id)
                if index is None:
                    index = MembershipIndex.for_member(user_id, group_id)
                index.join(group_id)
                indexes[user_id] = index
        marker = MembershipIndexBuilt.after_reading(len(group_ids))
        return [marker, *(i for i in indexes.values() if i.pending_events)]

    def _membership_index(self, user_id: str) -> MembershipIndex | None:
        try:
            return self.load(MembershipIndex, membership_index_id(user_id))
        except NotFoundError:
            return None

    def _memberships_indexed(self) -> bool:
        """Whether every membership is indexed (:class:`MembershipIndexBuilt` is recorded)."""
        if self.__dict__.get(_INDEXED):
            return True
        try:
            self.load(MembershipIndexBuilt, MEMBERSHIP_INDEX_BUILT_ID)
        except NotFoundError:
            return False
        self.__dict__[_INDEXED] = True
        return True


def _members_added(objs: Iterable[Any]) -> dict[str, list[UUID]]:
    """The user ids the groups among ``objs`` are about to add, each with those groups."""
    added: dict[str, list[UUID]] = {}
    for obj in objs:
        if isinstance(obj, WorkingGroup):
            for event in obj.pending_events:
                if isinstance(event, WorkingGroup.MemberAdded):
                    added.setdefault(event.member.user_id, []).append(obj.id)
    return added
