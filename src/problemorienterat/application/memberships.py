"""Which working groups a user is a member of, and which a municipality has, found
through their lookups (:mod:`.lookups`), not by reading every group of the installation.

A member's every web request asks for their groups: reading every group for that grew with
the installation (88 ms a request at 400 groups, measured). A lookup only points the way:
the groups are read and must still have the user as a member.
"""

from __future__ import annotations

from problemorienterat.application.lookups import (
    MEMBERSHIPS,
    MUNICIPALITY_GROUPS,
    LookupUseCases,
)
from problemorienterat.application.working_groups import WorkingGroupUseCases
from problemorienterat.domain.working_group import WorkingGroup


class MembershipUseCases(WorkingGroupUseCases, LookupUseCases):
    """A user's groups, a municipality's groups, every active group."""

    def groups_of(self, user_id: str) -> list[WorkingGroup]:
        """The working groups (not dissolved) the user is a member of, by name."""
        found: list[WorkingGroup] = self.looked_up(MEMBERSHIPS, user_id)
        groups = [g for g in found if not g.is_dissolved and user_id in g.members]
        return sorted(groups, key=lambda g: (g.name, str(g.id)))

    def active_groups(self) -> list[WorkingGroup]:
        """Every working group not dissolved, of every municipality, by name."""
        groups = [self.load(WorkingGroup, g) for g in self._recorded_by(WorkingGroup.Established)]
        active = [g for g in groups if not g.is_dissolved]
        return sorted(active, key=lambda g: (g.name, str(g.id)))

    def groups_in(self, municipality: str) -> list[WorkingGroup]:
        """Every working group of ``municipality``, the active ones first, each part by name
        (the API's group list)."""
        found: list[WorkingGroup] = self.looked_up(MUNICIPALITY_GROUPS, municipality)
        groups = [g for g in found if g.municipality == municipality]
        return sorted(groups, key=lambda g: (g.is_dissolved, g.name, str(g.id)))
