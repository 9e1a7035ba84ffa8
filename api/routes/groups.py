"""Working groups: lokala BRÅ establishes them, keeps their members and mandate, dissolves them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from litestar import Controller, Response, delete, get
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel, ConfigDict

from api.commands import Command, CommandAccepted, command_route
from api.documented import ETAG, READ
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.groups import (
    AddMember,
    Dissolve,
    EstablishGroup,
    ReviseMandate,
)
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    check_municipal_object,
    municipal_object,
    readable_group,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.working_group import GroupKind, WorkingGroup


class MemberView(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    user_id: str
    name: str
    organisation: Organisation
    role_in_group: str


class GroupView(BaseModel):
    """A working group's current state; ``version`` is also the ``ETag``."""

    id: UUID
    municipality: str
    name: str
    kind: GroupKind
    mandate: str
    members: list[MemberView]
    dissolved_at: datetime | None
    version: int

    @classmethod
    def of(cls, group: WorkingGroup) -> GroupView:
        return cls(
            id=group.id,
            municipality=group.municipality,
            name=group.name,
            kind=group.kind,
            mandate=group.mandate,
            members=[MemberView.model_validate(m) for m in group.members.values()],
            dissolved_at=group.dissolved_at,
            version=group.version,
        )


class GroupSummary(BaseModel):
    """A line of a municipality's group list."""

    id: UUID
    name: str
    kind: GroupKind
    mandate: str
    dissolved: bool
    dissolved_at: datetime | None
    member_count: int

    @classmethod
    def of(cls, group: WorkingGroup) -> GroupSummary:
        return cls(
            id=group.id,
            name=group.name,
            kind=group.kind,
            mandate=group.mandate,
            dissolved=group.is_dissolved,
            dissolved_at=group.dissolved_at,
            member_count=len(group.members),
        )


class GroupController(Controller):
    path = "/api/v1/groups"
    tags = ["Arbetsgrupper (working groups)"]

    @command_route(
        "/",
        summary="Establish a working group (Established); lokala BRÅ only",
        creates=True,
    )
    def establish_group(
        self, data: JSONBody[EstablishGroup], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        check_municipal_object(
            command.principal,
            municipality=data.municipality,
            roles=BRA_ONLY,
        )
        return command.answer(
            data,
            lambda: command.application.establish_group(command.actor, **data.model_dump()),
            location=lambda r: f"/api/v1/groups/{r.aggregate_id}",
        )

    @get(
        "/{group_id:uuid}",
        summary="A working group's current state",
        sync_to_thread=True,
        responses=READ,
        response_headers=ETAG,
    )
    def get_group(
        self,
        group_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> Response[GroupView]:
        group = readable_group(application, principal, group_id)
        return Response(GroupView.of(group), headers={"ETag": f'"{group.version}"'})

    def _bra_group(self, command: Command, group_id: UUID) -> WorkingGroup:
        return municipal_object(
            command.principal, lambda: command.application.get_group(group_id), BRA_ONLY
        )

    @command_route(
        "/{group_id:uuid}/members",
        summary="Add a member (MemberAdded): an active member-role user of the group's "
        "municipality, by id (name and organisation are the user's own); lokala BRÅ only",
    )
    def add_member(
        self,
        group_id: FromPath[UUID],
        data: JSONBody[AddMember],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        group = self._bra_group(command, group_id)
        return command.answer(
            data,
            lambda: command.application.add_member(
                command.actor,
                group.id,
                user_id=data.user_id,
                role_in_group=data.role_in_group,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{group_id:uuid}/members/{user_id:str}",
        summary="Remove a member (MemberRemoved); lokala BRÅ only",
        method=delete,
    )
    def remove_member(
        self, group_id: FromPath[UUID], user_id: FromPath[str], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        group = self._bra_group(command, group_id)
        return command.answer(
            None,
            lambda: command.application.remove_member(
                command.actor, group.id, user_id=user_id, expected_version=command.expected_version
            ),
        )

    @command_route(
        "/{group_id:uuid}/mandate",
        summary="Revise the mandate (MandateRevised); lokala BRÅ only",
    )
    def revise_mandate(
        self,
        group_id: FromPath[UUID],
        data: JSONBody[ReviseMandate],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        group = self._bra_group(command, group_id)
        return command.answer(
            data,
            lambda: command.application.revise_mandate(
                command.actor,
                group.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{group_id:uuid}/dissolution",
        summary="Dissolve the group (Dissolved); lokala BRÅ only",
    )
    def dissolve_group(
        self,
        group_id: FromPath[UUID],
        data: JSONBody[Dissolve],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        group = self._bra_group(command, group_id)
        return command.answer(
            data,
            lambda: command.application.dissolve_group(
                command.actor,
                group.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )
