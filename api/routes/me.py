"""Who the token belongs to, and their own reminder settings: digests by e-mail on or off,
and the secret address of their calendar feed (made, replaced, revoked)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get
from litestar.di import NamedDependency
from litestar.params import JSONBody
from pydantic import BaseModel

from api.commands import Command, CommandAccepted, command_route
from api.documented import READ, errors
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.users import SetDigests
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation, Role


class MyGroup(BaseModel):
    """A working group the user is a member of (dissolved ones are not listed)."""

    id: UUID
    name: str
    municipality: str


class MeView(BaseModel):
    user_id: str
    name: str
    organisation: Organisation
    role: Role
    municipalities: list[str]
    groups: list[MyGroup]


class RemindersView(BaseModel):
    """The user's reminder settings: never the address or the feed's secret."""

    digests: bool  # digests by e-mail are on
    email_set: bool  # an administrator set an address to send them to
    calendar_feed: bool  # a calendar feed address exists


class CalendarFeed(BaseModel):
    """A new calendar feed address: the only time it is shown (only its hash is kept)."""

    url: str


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["Användare (users)"]

    @get(
        "/",
        summary="The user the bearer token belongs to, with the working groups they are a "
        "member of",
        sync_to_thread=True,
        responses=errors(401, 429),
    )
    def me(
        self,
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> MeView:
        return MeView(
            user_id=principal.user_id,
            name=principal.name,
            organisation=principal.organisation,
            role=principal.role,
            municipalities=sorted(principal.municipalities),
            groups=[
                MyGroup(id=g.id, name=g.name, municipality=g.municipality)
                for g in application.groups_of(principal.user_id)
                if g.municipality in principal.municipalities
            ],
        )

    @get("/reminders", summary="The user's reminder settings", sync_to_thread=True, responses=READ)
    def reminders(
        self,
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> RemindersView:
        user = application.get_user(principal.user_id)
        return RemindersView(
            digests=not user.digests_off,
            email_set=user.email is not None,
            calendar_feed=bool(user.calendar_feed_hash),
        )

    @command_route(
        "/reminders/digests",
        summary="Turn one's own e-mail digests on or off (DigestsTurnedOn / DigestsTurnedOff)",
    )
    def set_digests(
        self, data: JSONBody[SetDigests], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        return command.answer(
            data,
            lambda: command.application.set_digests(
                command.actor, command.principal.user_id, enabled=data.enabled
            ),
        )

    @command_route(
        "/calendar-feed",
        summary="A new secret calendar feed address (CalendarFeedIssued); the one before "
        "stops working; the answer holds the address, once (so neither If-Match nor "
        "Idempotency-Key is taken: a replay cannot show the secret again)",
        creates=True,
    )
    def issue_calendar_feed(
        self,
        request: Request[Any, Any, Any],
        command: NamedDependency[Command],
    ) -> Response[CalendarFeed]:
        secret = command.application.issue_calendar_feed(command.actor, command.principal.user_id)
        settings = request.app.state.get("settings")
        base = getattr(settings, "base_url", None) or str(request.base_url).rstrip("/")
        version = command.application.get_user(command.principal.user_id).version
        return Response(
            CalendarFeed(url=f"{base}/kalender/{secret}.ics"),
            status_code=201,
            headers={
                "Cache-Control": "no-store",
                "ETag": f'"{version}"',
                "Location": "/api/v1/me/reminders",
            },
        )

    @command_route(
        "/calendar-feed",
        summary="Revoke the calendar feed address (CalendarFeedRevoked)",
        method=delete,
    )
    def revoke_calendar_feed(self, command: NamedDependency[Command]) -> Response[CommandAccepted]:
        return command.answer(
            None,
            lambda: command.application.revoke_calendar_feed(
                command.actor, command.principal.user_id
            ),
        )
