"""Medborgarlöfte: drafted per year with focus areas and an action plan, adopted by lokala BRÅ,
carried out and followed up."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel, ConfigDict

from api.commands import Command, CommandAccepted, command_route
from api.documented import ETAG, READ
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.citizen_promises import (
    AddFocusArea,
    AdoptCitizenPromise,
    ChangeActivityStatus,
    DraftCitizenPromise,
    FollowUpCitizenPromise,
    PlanActivity,
)
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    READERS,
    check_municipal_object,
    municipal_object,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.citizen_promise import ActivityStatus, CitizenPromise


class FocusAreaView(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    focus_area_id: UUID
    title: str
    description: str
    outcome: str | None


class ActivityView(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    activity_id: UUID
    focus_area_id: UUID
    description: str
    responsible_organisation: Organisation
    responsible_party: str
    due_date: date | None
    status: ActivityStatus
    status_note: str


class CitizenPromiseView(BaseModel):
    """A medborgarlöfte's current state; ``version`` is also the ``ETag``."""

    id: UUID
    municipality: str
    year: int
    title: str
    situation_picture_id: UUID | None
    focus_areas: list[FocusAreaView]
    activities: list[ActivityView]
    adopted_on: date | None
    follow_up_summary: str | None
    followed_up_at: datetime | None
    version: int

    @classmethod
    def of(cls, promise: CitizenPromise) -> CitizenPromiseView:
        return cls(
            id=promise.id,
            municipality=promise.municipality,
            year=promise.year,
            title=promise.title,
            situation_picture_id=promise.situation_picture_id,
            focus_areas=[FocusAreaView.model_validate(f) for f in promise.focus_areas.values()],
            activities=[ActivityView.model_validate(a) for a in promise.activities.values()],
            adopted_on=promise.adopted_on,
            follow_up_summary=promise.follow_up_summary,
            followed_up_at=promise.followed_up_at,
            version=promise.version,
        )


class CitizenPromiseController(Controller):
    path = "/api/v1/citizen-promises"
    tags = ["Medborgarlöfte (citizen promises)"]

    @command_route(
        "/",
        summary="Draft the medborgarlöfte of a year (Drafted); lokala BRÅ only",
        creates=True,
    )
    def draft_citizen_promise(
        self, data: JSONBody[DraftCitizenPromise], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        check_municipal_object(
            command.principal,
            municipality=data.municipality,
            roles=BRA_ONLY,
        )
        return command.answer(
            data,
            lambda: command.application.draft_citizen_promise(command.actor, **data.model_dump()),
            location=lambda r: f"/api/v1/citizen-promises/{r.aggregate_id}",
        )

    @get(
        "/{promise_id:uuid}",
        summary="A medborgarlöfte's current state",
        sync_to_thread=True,
        responses=READ,
        response_headers=ETAG,
    )
    def get_citizen_promise(
        self,
        promise_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> Response[CitizenPromiseView]:
        promise = municipal_object(
            principal, lambda: application.get_citizen_promise(promise_id), READERS
        )
        return Response(CitizenPromiseView.of(promise), headers={"ETag": f'"{promise.version}"'})

    def _bra_promise(self, command: Command, promise_id: UUID) -> CitizenPromise:
        return municipal_object(
            command.principal, lambda: command.application.get_citizen_promise(promise_id), BRA_ONLY
        )

    @command_route(
        "/{promise_id:uuid}/focus-areas",
        summary="Add a focus area (FocusAreaAdded); item_id is its id",
        creates=True,
    )
    def add_focus_area(
        self,
        promise_id: FromPath[UUID],
        data: JSONBody[AddFocusArea],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        promise = self._bra_promise(command, promise_id)
        return command.answer(
            data,
            lambda: command.application.add_focus_area(
                command.actor,
                promise.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{promise_id:uuid}/activities",
        summary="Plan an activity of the action plan (ActivityPlanned); item_id is its id",
        creates=True,
    )
    def plan_activity(
        self,
        promise_id: FromPath[UUID],
        data: JSONBody[PlanActivity],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        promise = self._bra_promise(command, promise_id)
        return command.answer(
            data,
            lambda: command.application.plan_activity(
                command.actor,
                promise.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{promise_id:uuid}/activities/{activity_id:uuid}/status",
        summary="Change an activity's status (ActivityStatusChanged)",
    )
    def change_activity_status(
        self,
        promise_id: FromPath[UUID],
        activity_id: FromPath[UUID],
        data: JSONBody[ChangeActivityStatus],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        promise = self._bra_promise(command, promise_id)
        return command.answer(
            data,
            lambda: command.application.change_activity_status(
                command.actor,
                promise.id,
                activity_id=activity_id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{promise_id:uuid}/adoption",
        summary="Adopt the medborgarlöfte (Adopted); lokala BRÅ only",
    )
    def adopt_citizen_promise(
        self,
        promise_id: FromPath[UUID],
        data: JSONBody[AdoptCitizenPromise],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        promise = self._bra_promise(command, promise_id)
        return command.answer(
            data,
            lambda: command.application.adopt_citizen_promise(
                command.actor,
                promise.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{promise_id:uuid}/follow-up",
        summary="Follow up the year (FollowedUp)",
    )
    def follow_up_citizen_promise(
        self,
        promise_id: FromPath[UUID],
        data: JSONBody[FollowUpCitizenPromise],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        promise = self._bra_promise(command, promise_id)
        return command.answer(
            data,
            lambda: command.application.follow_up_citizen_promise(
                command.actor,
                promise.id,
                summary=data.summary,
                outcomes={o.focus_area_id: o.outcome for o in data.outcomes},
                expected_version=command.expected_version,
            ),
        )
