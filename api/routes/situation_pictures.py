"""Lägesbild: drawn up every year, observations recorded with their figures (one by one or
from a CSV file, ``docs/lagesbild-csv.md``), adopted by lokala BRÅ; and a municipality's
lägesbilder listed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from pydantic import BaseModel, ConfigDict

from api.commands import Command, CommandAccepted, command_route
from api.documented import ETAG, READ, errors
from api.errors import problem
from api.views import ViewService, wait
from problemorienterat.application import CommandResult, ProblemorienteratApp
from problemorienterat.contracts.commands.situation_pictures import (
    AdoptOn,
    DrawUpSituationPicture,
    ImportFigures,
    RecordFigures,
    RecordObservation,
    WithdrawFigures,
    WithdrawObservation,
)
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    READERS,
    check_municipal_object,
    municipal_object,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.figures import FigureProblem, FiguresError, FigureUnit
from problemorienterat.domain.situation_picture import SituationPicture, Trend


class ObservationView(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    observation_id: UUID
    area: str
    description: str
    trend: Trend
    source: str


class FigurePointView(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    period: str
    value: float


class FigureSeriesView(BaseModel):
    """An indicator's numbers per period for one observation, in period order."""

    model_config = ConfigDict(from_attributes=True)
    series_id: UUID
    observation_id: UUID
    indicator: str
    unit: FigureUnit
    points: list[FigurePointView]


class SituationPictureView(BaseModel):
    """A lägesbild's current state; ``version`` is also the ``ETag``."""

    id: UUID
    municipality: str
    year: int
    summary: str
    observations: list[ObservationView]
    figures: list[FigureSeriesView]
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
            figures=[
                FigureSeriesView.model_validate(series)
                for observation in picture.observations.values()
                for series in picture.figures_of(observation.observation_id)
            ],
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

    @command_route(
        "/{picture_id:uuid}/observations/{observation_id:uuid}/figures",
        summary="Attach figures to an observation (FiguresRecorded): an indicator's value per "
        "period; replaces the observation's series of the same indicator; item_id is its id",
        creates=True,
    )
    def record_figures(
        self,
        picture_id: FromPath[UUID],
        observation_id: FromPath[UUID],
        data: JSONBody[RecordFigures],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        picture = self._bra_picture(command, picture_id)
        return command.answer(
            data,
            lambda: _figures_checked(
                lambda: command.application.record_figures(
                    command.actor,
                    picture.id,
                    observation_id=observation_id,
                    indicator=data.indicator,
                    unit=data.unit,
                    points=[(p.period, p.value) for p in data.points],
                    lines=list(range(len(data.points))),  # a problem names its point's index
                    expected_version=command.expected_version,
                ),
                points=True,
            ),
            location=lambda r: f"/api/v1/situation-pictures/{r.aggregate_id}",
        )

    @command_route(
        "/{picture_id:uuid}/figures/{series_id:uuid}/withdrawal",
        summary="Withdraw a series of figures recorded in error (FiguresWithdrawn)",
    )
    def withdraw_figures(
        self,
        picture_id: FromPath[UUID],
        series_id: FromPath[UUID],
        data: JSONBody[WithdrawFigures],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        picture = self._bra_picture(command, picture_id)
        return command.answer(
            data,
            lambda: command.application.withdraw_figures(
                command.actor,
                picture.id,
                series_id=series_id,
                reason=data.reason,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{picture_id:uuid}/figures/import",
        summary="Import figures from a CSV file (FiguresRecorded per series, all or nothing): "
        "columns område;indikator;enhet;period;värde. A bad file is a 422 whose `errors` "
        "name each line (`line`), column (`field`) and problem (`rule`); nothing is recorded",
    )
    def import_figures(
        self,
        picture_id: FromPath[UUID],
        data: JSONBody[ImportFigures],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        picture = self._bra_picture(command, picture_id)
        return command.answer(
            data,
            lambda: _figures_checked(
                lambda: command.application.import_figures(
                    command.actor,
                    picture.id,
                    csv_text=data.csv,
                    expected_version=command.expected_version,
                )
            ),
        )


def _figures_checked(
    use_case: Callable[[], CommandResult], *, points: bool = False
) -> CommandResult:
    """The use case; figures it refuses are a 422 listing every problem: for a CSV file by
    line and column, for a body's ``points`` by the point (``points[2].period``)."""
    try:
        return use_case()
    except FiguresError as error:
        listed = [
            {
                "field": _problem_field(p, error.field, points=points),
                "source": "body",
                "message": p.message,
                "rule": p.code,
                **({"line": p.line} if p.line is not None and not points else {}),
            }
            for p in error.problems
        ]
        raise problem(
            422, error.message, rule=error.rule, field=error.field, errors=listed
        ) from None


def _problem_field(problem: FigureProblem, field: str | None, *, points: bool) -> str:
    if points and problem.line is not None:
        return f"points[{problem.line}].{problem.column or 'period'}"
    return problem.column or field or "points"


@dataclass(frozen=True)
class SituationPictureItem:
    """A lägesbild in the list: ``status`` is ``adopted`` once lokala BRÅ has adopted it
    (``adopted_on``), else ``draft``."""

    id: UUID
    year: int
    summary: str
    status: Literal["draft", "adopted"]
    adopted_on: date | None
    observation_count: int


@dataclass(frozen=True)
class SituationPictureList:
    """A municipality's lägesbilder, newest year first (from the views: ``caught_up`` is
    false when they had not reached ``min_position``)."""

    caught_up: bool
    items: list[SituationPictureItem]


class MunicipalSituationPictureController(Controller):
    path = "/api/v1/municipalities"
    tags = ["Lägesbild (situation pictures)"]

    @get(
        "/{code:str}/situation-pictures",
        summary="The municipality's lägesbilder: year, draft or adopted, number of observations",
        sync_to_thread=True,
        responses=errors(400, 401, 403, 404, 422, 429, 503),
    )
    def list_situation_pictures(
        self,
        code: FromPath[str],
        principal: NamedDependency[Principal],
        views: NamedDependency[ViewService],
        min_position: Annotated[
            int | None, Parameter(ge=1, le=2**53, description="Wait for this position")
        ] = None,
    ) -> SituationPictureList:
        check_municipal_object(principal, municipality=code, roles=READERS)
        caught_up = wait(views, min_position)
        return SituationPictureList(
            caught_up=caught_up,
            items=[
                SituationPictureItem(
                    id=p.situation_picture_id,
                    year=p.year,
                    summary=p.summary,
                    status="adopted" if p.adopted_on else "draft",
                    adopted_on=p.adopted_on,
                    observation_count=p.observation_count,
                )
                for p in views.situation_pictures(code)
            ],
        )
