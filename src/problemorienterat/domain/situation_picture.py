"""The strategic lägesbild drawn up jointly every year: where the problems are, and trends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from uuid import UUID

from problemorienterat.domain.actor import Actor
from problemorienterat.domain.base import MunicipalAggregate, new_item_id, require_text
from problemorienterat.domain.errors import ClosedError, NotFoundError
from problemorienterat.domain.figures import (
    MAX_SERIES_PER_OBSERVATION,
    FigureProblem,
    FigureSeries,
    FiguresError,
    FigureUnit,
    checked_points,
    same_indicator,
)
from problemorienterat.domain.limits import NAME_MAX_LENGTH
from problemorienterat.domain.yearly import require_year, yearly_id


class Trend(Enum):
    INCREASING = "increasing"
    DECREASING = "decreasing"
    STABLE = "stable"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Observation:
    """What the lägesbild says about one area: the problem seen, its trend and the source."""

    observation_id: UUID
    area: str
    description: str
    trend: Trend
    source: str


def situation_picture_id(municipality: str, year: int) -> UUID:
    """One lägesbild per municipality and year."""
    return yearly_id("situation-picture", municipality, year)


class SituationPicture(MunicipalAggregate):
    """A strategisk lägesbild for one year; fixed once adopted."""

    class Event(MunicipalAggregate.Event):
        pass

    class DrawnUp(MunicipalAggregate.Created):
        year: int
        summary: str

        def apply(self, picture: SituationPicture) -> None:
            super().apply(picture)
            picture.year = self.year
            picture.summary = self.summary

    class ObservationRecorded(Event):
        observation: Observation

        def apply(self, picture: SituationPicture) -> None:
            picture.observations[self.observation.observation_id.hex] = self.observation

    class ObservationWithdrawn(Event):
        observation_id: UUID
        reason: str

        def apply(self, picture: SituationPicture) -> None:
            del picture.observations[self.observation_id.hex]

    class Adopted(Event):
        adopted_on: date

        def apply(self, picture: SituationPicture) -> None:
            picture.adopted_on = self.adopted_on

    class FiguresRecorded(Event):
        """Figures attached to an observation; ``replaced_series_id`` names the series of
        the same indicator they replace, if the observation had one."""

        series: FigureSeries
        replaced_series_id: UUID | None = None

        def apply(self, picture: SituationPicture) -> None:
            if self.replaced_series_id is not None:
                picture.figures.pop(self.replaced_series_id.hex, None)
            picture.figures[self.series.series_id.hex] = self.series

    class FiguresWithdrawn(Event):
        series_id: UUID
        reason: str

        def apply(self, picture: SituationPicture) -> None:
            picture.figures.pop(self.series_id.hex, None)

    def __init__(self) -> None:
        super().__init__()
        self.year: int = 0
        self.summary: str = ""
        self.observations: dict[str, Observation] = {}
        self.figures: dict[str, FigureSeries] = {}
        self.adopted_on: date | None = None

    def figures_of(self, observation_id: UUID) -> list[FigureSeries]:
        """The figure series of an observation, in the order they were recorded (none once
        the observation is withdrawn)."""
        if observation_id.hex not in self.observations:
            return []
        return [s for s in self.figures.values() if s.observation_id == observation_id]

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None

    def _check_not_adopted(self) -> None:
        if self.is_adopted:
            raise ClosedError("The lägesbild has been adopted and is fixed.")

    @classmethod
    def draw_up(
        cls, actor: Actor, *, municipality: str, year: int, summary: str
    ) -> SituationPicture:
        """Start the year's lägesbild; its id follows from municipality and year."""
        year = require_year(year)
        return cls._create(
            cls.DrawnUp,
            id=situation_picture_id(municipality, year),
            actor=actor,
            municipality=municipality,
            year=year,
            summary=require_text("summary", summary),
        )

    def record_observation(
        self, actor: Actor, *, area: str, description: str, trend: Trend, source: str
    ) -> UUID:
        self._check_not_adopted()
        observation = Observation(
            observation_id=new_item_id(),
            area=require_text("area", area, max_length=NAME_MAX_LENGTH),
            description=require_text("description", description),
            trend=trend,
            source=require_text("source", source, max_length=NAME_MAX_LENGTH),
        )
        self.record(self.ObservationRecorded, actor, observation=observation)
        return observation.observation_id

    def withdraw_observation(self, actor: Actor, *, observation_id: UUID, reason: str) -> None:
        """Take back an observation recorded in error, before adoption."""
        self._check_not_adopted()
        if observation_id.hex not in self.observations:
            raise NotFoundError(
                "The lägesbild has no observation with that id.", field="observation_id"
            )
        self.record(
            self.ObservationWithdrawn,
            actor,
            observation_id=observation_id,
            reason=require_text("reason", reason),
        )

    def adopt(self, actor: Actor, *, adopted_on: date) -> None:
        """Lokala BRÅ adopts the lägesbild: from then on it is the fixed basis for decisions."""
        self._check_not_adopted()
        self.record(self.Adopted, actor, adopted_on=adopted_on)

    def record_figures(
        self,
        actor: Actor,
        *,
        observation_id: UUID,
        indicator: str,
        unit: FigureUnit,
        points: Sequence[tuple[str, float]],
        lines: Sequence[int] | None = None,
    ) -> UUID:
        """Attach an indicator's numbers per period to an observation; the series of the same
        indicator it already has is replaced. Every problem with the points is reported at
        once (:class:`FiguresError`; ``lines`` says where each point was read)."""
        self._check_not_adopted()
        self._require_observation(observation_id)
        indicator = require_text("indicator", indicator, max_length=NAME_MAX_LENGTH)
        ordered, problems = checked_points(unit, points, lines)
        if problems:
            raise FiguresError(_first_message(problems), field="points", problems=problems)
        current = self.figures_of(observation_id)
        replaced = next((s for s in current if same_indicator(s.indicator, indicator)), None)
        if replaced is None and len(current) >= MAX_SERIES_PER_OBSERVATION:
            message = f"An observation has at most {MAX_SERIES_PER_OBSERVATION} indicators."
            raise FiguresError(
                message, field="indicator", problems=[FigureProblem("series-too-many", message)]
            )
        series = FigureSeries(
            series_id=new_item_id(),
            observation_id=observation_id,
            indicator=indicator,
            unit=unit,
            points=ordered,
        )
        self.record(
            self.FiguresRecorded,
            actor,
            series=series,
            replaced_series_id=replaced.series_id if replaced else None,
        )
        return series.series_id

    def withdraw_figures(self, actor: Actor, *, series_id: UUID, reason: str) -> None:
        """Take back a series of figures recorded in error, before adoption."""
        self._check_not_adopted()
        series = self.figures.get(series_id.hex)
        if series is None or series.observation_id.hex not in self.observations:
            raise NotFoundError("The lägesbild has no figures with that id.", field="series_id")
        self.record(
            self.FiguresWithdrawn, actor, series_id=series_id, reason=require_text("reason", reason)
        )

    def _require_observation(self, observation_id: UUID) -> None:
        if observation_id.hex not in self.observations:
            raise NotFoundError(
                "The lägesbild has no observation with that id.", field="observation_id"
            )


def _first_message(problems: Sequence[FigureProblem]) -> str:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{first.message}{more}"
