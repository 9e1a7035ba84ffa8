"""Working and project groups that lokala BRÅ sets up, each with a mandate (uppdrag)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from uuid import UUID

from problemorienterat.domain.actor import Actor, Organisation
from problemorienterat.domain.base import MunicipalAggregate, optional_text, require_text
from problemorienterat.domain.errors import (
    ClosedError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
)
from problemorienterat.domain.limits import NAME_MAX_LENGTH, USER_ID_MAX_LENGTH
from problemorienterat.domain.lookup import Lookup, LookupBuilt


class GroupKind(Enum):
    """What sort of group it is."""

    YOUTH = "ung"  # UNG-gruppen
    NEIGHBOURHOOD_WATCH = "grannsamverkan"
    PROJECT = "project"
    STANDING = "standing"


@dataclass(frozen=True)
class Member:
    """A member of a group: an official or partner acting in their role."""

    user_id: str
    name: str
    organisation: Organisation
    role_in_group: str = ""


def _as_user_id(text: str) -> str | None:
    """``text`` as a user's id (a UUID, lower case with dashes), or None if it is no UUID."""
    try:
        return str(UUID(text))
    except ValueError:
        return None


class WorkingGroup(MunicipalAggregate):
    """An arbetsgrupp or projektgrupp (e.g. UNG-gruppen) with its mandate and members."""

    class Event(MunicipalAggregate.Event):
        pass

    class Established(MunicipalAggregate.Created):
        name: str
        kind: GroupKind
        mandate: str

        def apply(self, group: WorkingGroup) -> None:
            super().apply(group)
            group.name = self.name
            group.kind = self.kind
            group.mandate = self.mandate

    class MemberAdded(Event):
        member: Member

        def apply(self, group: WorkingGroup) -> None:
            group.members[self.member.user_id] = self.member

    class MemberRemoved(Event):
        user_id: str

        def apply(self, group: WorkingGroup) -> None:
            del group.members[self.user_id]

    class MandateRevised(Event):
        mandate: str
        reason: str

        def apply(self, group: WorkingGroup) -> None:
            group.mandate = self.mandate

    class Dissolved(Event):
        reason: str

        def apply(self, group: WorkingGroup) -> None:
            group.dissolved_at = self.timestamp
            group.dissolution_reason = self.reason

    def __init__(self) -> None:
        super().__init__()
        self.name: str = ""
        self.kind: GroupKind = GroupKind.PROJECT
        self.mandate: str = ""
        self.members: dict[str, Member] = {}
        self.dissolved_at: datetime | None = None
        self.dissolution_reason: str | None = None

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_at is not None

    def has_active_member(self, user_id: str) -> bool:
        """Whether ``user_id`` is a member and the group is not dissolved: membership of a
        dissolved group gives access to nothing (see ``contracts/policy.py``)."""
        return not self.is_dissolved and user_id in self.members

    def _check_not_dissolved(self) -> None:
        if self.is_dissolved:
            raise ClosedError("The working group is dissolved and takes no more changes.")

    @classmethod
    def establish(
        cls, actor: Actor, *, municipality: str, name: str, kind: GroupKind, mandate: str
    ) -> WorkingGroup:
        """Set up a group with the mandate lokala BRÅ gives it."""
        return cls._create(
            cls.Established,
            actor=actor,
            municipality=municipality,
            name=require_text("name", name, max_length=NAME_MAX_LENGTH),
            kind=kind,
            mandate=require_text("mandate", mandate),
        )

    def add_member(
        self,
        actor: Actor,
        *,
        user_id: str,
        name: str,
        organisation: Organisation,
        role_in_group: str = "",
    ) -> None:
        self._check_not_dissolved()
        # A UUID is an id, not free text: about one in 13,000 spells a valid personnummer with
        # its digits, so only other ids (the demo's officials, older ids) are checked as text.
        user_id = _as_user_id(user_id.strip()) or require_text(
            "user_id", user_id, max_length=USER_ID_MAX_LENGTH
        )
        if user_id in self.members:
            raise DuplicateError("That user is already a member of the group.", field="user_id")
        member = Member(
            user_id=user_id,
            name=require_text("name", name, max_length=NAME_MAX_LENGTH),
            organisation=organisation,
            role_in_group=optional_text("role_in_group", role_in_group, max_length=NAME_MAX_LENGTH)
            or "",
        )
        self.record(self.MemberAdded, actor, member=member)

    def remove_member(self, actor: Actor, *, user_id: str) -> None:
        self._check_not_dissolved()
        user_id = user_id.strip()
        if user_id not in self.members:
            user_id = _as_user_id(user_id) or user_id
        if user_id not in self.members:
            raise NotFoundError("The group has no member with that user id.", field="user_id")
        self.record(self.MemberRemoved, actor, user_id=user_id)

    def revise_mandate(self, actor: Actor, *, mandate: str, reason: str) -> None:
        """Give the group a new mandate, saying why it changed."""
        self._check_not_dissolved()
        mandate = require_text("mandate", mandate)
        if mandate == self.mandate:
            raise InvalidValueError(
                "The new mandate is the same as the current one.", field="mandate"
            )
        self.record(
            self.MandateRevised, actor, mandate=mandate, reason=require_text("reason", reason)
        )

    def dissolve(self, actor: Actor, *, reason: str) -> None:
        self._check_not_dissolved()
        self.record(self.Dissolved, actor, reason=require_text("reason", reason))


class MembershipIndex(Lookup):
    """Leads from a member's user id (as the group keeps it) to the working groups they were
    ever added to: a user's groups are found without reading every group."""


class MembershipIndexBuilt(LookupBuilt):
    """The memberships stored before :class:`MembershipIndex` existed are indexed."""


class MunicipalityGroupIndex(Lookup):
    """Leads from a municipality to the working groups established in it: its groups are
    found without reading every group of the installation."""


class MunicipalityGroupIndexBuilt(LookupBuilt):
    """The groups stored before :class:`MunicipalityGroupIndex` existed are indexed."""
