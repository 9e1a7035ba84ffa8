"""Users, for admins: add one (the token is in the answer, once), list them, revoke a token,
set the e-mail address reminders go to.

Admins manage users and nothing else; every other role gets 403 here. An administrator
given municipalities sees and manages only the users of those municipalities (see
:func:`~problemorienterat.contracts.policy.administers`).
"""

from __future__ import annotations

from datetime import datetime

from litestar import Controller, Response, get, post
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel

from api.commands import Command, CommandAccepted, command_route
from api.documented import COMMAND, READ
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.users import AddUser, ChangeUser, SetEmailAddress
from problemorienterat.contracts.policy import (
    administered_user,
    administered_users,
    check_new_user,
    check_user_role,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.user import User


class UserAdded(BaseModel):
    """The new user's id and token: the only time the token is shown."""

    user_id: str
    token: str
    version: int
    position: int


class UserView(BaseModel):
    user_id: str
    name: str
    organisation: Organisation
    role: Role
    municipalities: list[str]
    revoked_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserView:
        return cls(
            user_id=user.user_id,
            name=user.name,
            organisation=user.organisation,
            role=user.role,
            municipalities=list(user.municipalities),
            revoked_at=user.revoked_at,
        )


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["Användare (users)"]

    @get(
        "/",
        summary="The users you administer (never their tokens); admins only",
        sync_to_thread=True,
        responses=READ,
    )
    def list_users(
        self,
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[UserView]:
        return [UserView.of(u) for u in administered_users(application, principal)]

    @post(
        "/",
        summary="Add a user (Added); the answer holds the token, once; admins only",
        status_code=201,
        sync_to_thread=True,
        responses=COMMAND,
        response_headers=[
            ResponseHeader(name="ETag", documentation_only=True, required=True),
            ResponseHeader(
                name="Location",
                documentation_only=True,
                required=True,
                description="The list of users, where the new user is found.",
            ),
        ],
    )
    def add_user(
        self, data: JSONBody[AddUser], command: NamedDependency[Command]
    ) -> Response[UserAdded]:
        check_new_user(command.principal, data.municipalities)
        check_user_role(data.role, data.municipalities)
        added = command.application.add_user(
            command.actor,
            name=data.name,
            organisation=data.organisation,
            role=data.role,
            municipalities=list(data.municipalities),
            group_ids=list(data.group_ids),
            email=data.email,
        )
        return Response(
            UserAdded(
                user_id=added.user_id,
                token=added.token,
                version=added.result.version,
                position=added.result.position,
            ),
            status_code=201,
            headers={
                "Cache-Control": "no-store",
                "ETag": f'"{added.result.version}"',
                "Location": "/api/v1/users",
            },
        )

    @command_route(
        "/{user_id:str}/revocation",
        summary="Revoke a user's token (Revoked); admins only",
    )
    def revoke_user(
        self, user_id: FromPath[str], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        user = administered_user(command.application, command.principal, user_id)
        return command.answer(
            None, lambda: command.application.revoke_user(command.actor, user.user_id)
        )

    @command_route(
        "/{user_id:str}/assignment",
        summary="Give a user another role and/or other municipalities (RoleChanged, "
        "MunicipalitiesChanged); administrators of the user's municipalities, and of the new",
    )
    def change_user(
        self,
        user_id: FromPath[str],
        data: JSONBody[ChangeUser],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        user = administered_user(command.application, command.principal, user_id)
        check_new_user(command.principal, data.municipalities)
        check_user_role(data.role, data.municipalities)
        return command.answer(
            data,
            lambda: command.application.change_user(
                command.actor,
                user.user_id,
                role=data.role,
                municipalities=list(data.municipalities),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{user_id:str}/email",
        summary="Set the address reminders go to (EmailAddressSet; empty: EmailAddressRemoved); "
        "administrators of the user's municipalities",
    )
    def set_email_address(
        self,
        user_id: FromPath[str],
        data: JSONBody[SetEmailAddress],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        user = administered_user(command.application, command.principal, user_id)
        return command.answer(
            data,
            lambda: command.application.set_email_address(
                command.actor, str(user.user_id), data.email
            ),
        )
