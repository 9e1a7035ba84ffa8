"""Use cases for the working and project groups lokala BRÅ sets up."""

from __future__ import annotations

from uuid import UUID

from problemorienterat.application.municipalities import MunicipalityUseCases
from problemorienterat.application.results import CommandResult
from problemorienterat.domain.actor import Actor, Role
from problemorienterat.domain.errors import ClosedError, InvalidValueError, NotFoundError
from problemorienterat.domain.user import User
from problemorienterat.domain.working_group import GroupKind, WorkingGroup


class WorkingGroupUseCases(MunicipalityUseCases):
    """Establish groups, keep their members and mandate, dissolve them."""

    def get_group(self, group_id: UUID) -> WorkingGroup:
        return self.load(WorkingGroup, group_id)

    def check_active_group(self, group_id: UUID, municipality: str) -> WorkingGroup:
        """The group, if it exists in ``municipality`` and is not dissolved. Another
        municipality's group is refused exactly as one that does not exist."""
        unknown = InvalidValueError(
            "No working group with that id in the municipality.", field="group_id"
        )
        try:
            group = self.get_group(group_id)
        except NotFoundError:
            raise unknown from None
        if group.municipality != municipality:
            raise unknown
        if group.is_dissolved:
            raise ClosedError(f"The working group {group.name} is dissolved.")
        return group

    def establish_group(
        self, actor: Actor, *, municipality: str, name: str, kind: GroupKind, mandate: str
    ) -> CommandResult:
        self.get_municipality(municipality)
        group = WorkingGroup.establish(
            actor, municipality=municipality, name=name, kind=kind, mandate=mandate
        )
        return self.commit(group)

    def add_member(
        self,
        actor: Actor,
        group_id: UUID,
        *,
        user_id: str,
        role_in_group: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        """Make the user ``user_id`` a member of the group: an active user of the group's
        municipality in the member role. Name and organisation are the user's own, never
        typed; any other id is one 422 on ``user_id``."""

        def add(group: WorkingGroup) -> None:
            user = self.member_candidate(user_id, group.municipality)
            group.add_member(
                actor,
                user_id=user.user_id,
                name=user.name,
                organisation=user.organisation,
                role_in_group=role_in_group,
            )

        return self.change(WorkingGroup, group_id, expected_version, add)

    def member_candidate(self, user_id: str, municipality: str) -> User:
        """The user ``user_id`` if they may be made a member of a group of ``municipality``:
        they exist, are not revoked, have the member role and are given that municipality.
        Every other id gets the same 422 on ``user_id`` (an id cannot be probed for
        another municipality's users)."""
        refused = InvalidValueError(
            "Choose an active member-role user of the group's municipality.", field="user_id"
        )
        try:
            user = self.load(User, UUID(user_id.strip()))
        except (ValueError, NotFoundError):
            raise refused from None
        if (
            user.is_revoked
            or user.role is not Role.MEMBER
            or municipality not in user.municipalities
        ):
            raise refused
        return user

    def remove_member(
        self,
        actor: Actor,
        group_id: UUID,
        *,
        user_id: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            WorkingGroup,
            group_id,
            expected_version,
            lambda g: g.remove_member(actor, user_id=user_id),
        )

    def revise_mandate(
        self,
        actor: Actor,
        group_id: UUID,
        *,
        mandate: str,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            WorkingGroup,
            group_id,
            expected_version,
            lambda g: g.revise_mandate(actor, mandate=mandate, reason=reason),
        )

    def dissolve_group(
        self, actor: Actor, group_id: UUID, *, reason: str, expected_version: int | None = None
    ) -> CommandResult:
        return self.change(
            WorkingGroup, group_id, expected_version, lambda g: g.dissolve(actor, reason=reason)
        )
