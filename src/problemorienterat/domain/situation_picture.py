"""The strategic lägesbild drawn up jointly every year: where the problems are, and trends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from uuid import UUID

from problemorienterat.domain.actor import Actor
from problemorienterat.domain.base import MunicipalAggregate, new_item_id, require_text
from problemorienterat.domain.errors import ClosedError, NotFoundError
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

    def __init__(self) -> None:
        super().__init__()
        self.year: int = 0
        self.summary: str = ""
        self.observations: dict[str, Observation] = {}
        self.adopted_on: date | None = None

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
