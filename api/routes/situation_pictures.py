"""Lägesbild: drawn up every year, observations recorded, adopted by lokala BRÅ."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel, ConfigDict

from api.commands import Command, CommandAccepted, command_route
from api.documented import ETAG, READ
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.situation_pictures import (
    AdoptOn,
    DrawUpSituationPicture,
    RecordObservation,
    WithdrawObservation,
)
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    READERS,
    check_municipal_object,
    municipal_object,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.situation_picture import SituationPicture, Trend


class ObservationView(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    observation_id: UUID
    area: str
    description: str
    trend: Trend
    source: str


class SituationPictureView(BaseModel):
    """A lägesbild's current state; ``version`` is also the ``ETag``."""

    id: UUID
    municipality: str
    year: int
    summary: str
    observations: list[ObservationView]
    adopted_on: date | None
    version: int

    @classmethod
    def of(cls, picture: SituationPicture) -> SituationPictureView:
        return cls(
            id=picture.id,
            municipality=picture.municipality,
            year=picture.year,
            summary=picture.summary,
            observations=[ObservationView.model_validate(o) for o in picture.observations.values()],
            adopted_on=picture.adopted_on,
            version=picture.version,
        )


class SituationPictureController(Controller):
    path = "/api/v1/situation-pictures"
    tags = ["Lägesbild (situation pictures)"]

    @command_route(
        "/",
        summary="Draw up the lägesbild of a year (DrawnUp); lokala BRÅ only",
        creates=True,
    )
    def draw_up_situation_picture(
        self, data: JSONBody[DrawUpSituationPicture], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        check_municipal_object(
            command.principal,
            municipality=data.municipality,
            roles=BRA_ONLY,
        )
        return command.answer(
            data,
            lambda: command.application.draw_up_situation_picture(
                command.actor, **data.model_dump()
            ),
            location=lambda r: f"/api/v1/situation-pictures/{r.aggregate_id}",
        )

    @get(
        "/{picture_id:uuid}",
        summary="A lägesbild's current state",
        sync_to_thread=True,
        responses=READ,
        response_headers=ETAG,
    )
    def get_situation_picture(
        self,
        picture_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> Response[SituationPictureView]:
        picture = municipal_object(
            principal, lambda: application.get_situation_picture(picture_id), READERS
        )
        return Response(SituationPictureView.of(picture), headers={"ETag": f'"{picture.version}"'})

    def _bra_picture(self, command: Command, picture_id: UUID) -> SituationPicture:
        return municipal_object(
            command.principal,
            lambda: command.application.get_situation_picture(picture_id),
            BRA_ONLY,
        )

    @command_route(
        "/{picture_id:uuid}/observations",
        summary="Record an observation (ObservationRecorded); item_id is its id",
        creates=True,
    )
    def record_observation(
        self,
        picture_id: FromPath[UUID],
        data: JSONBody[RecordObservation],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        picture = self._bra_picture(command, picture_id)
        return command.answer(
            data,
            lambda: command.application.record_observation(
                command.actor,
                picture.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{picture_id:uuid}/observations/{observation_id:uuid}/withdrawal",
        summary="Withdraw an observation (ObservationWithdrawn)",
    )
    def withdraw_observation(
        self,
        picture_id: FromPath[UUID],
        observation_id: FromPath[UUID],
        data: JSONBody[WithdrawObservation],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        picture = self._bra_picture(command, picture_id)
        return command.answer(
            data,
            lambda: command.application.withdraw_observation(
                command.actor,
                picture.id,
                observation_id=observation_id,
                reason=data.reason,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{picture_id:uuid}/adoption",
        summary="Adopt the lägesbild (Adopted); lokala BRÅ only",
    )
    def adopt_situation_picture(
        self,
        picture_id: FromPath[UUID],
        data: JSONBody[AdoptOn],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        picture = self._bra_picture(command, picture_id)
        return command.answer(
            data,
            lambda: command.application.adopt_situation_picture(
                command.actor,
                picture.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )
