"""Use cases for the yearly strategic lägesbild."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from problemorienterat.application.municipalities import MunicipalityUseCases
from problemorienterat.application.results import CommandResult
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.errors import (
    ConcurrentWriteError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
)
from problemorienterat.domain.situation_picture import (
    SituationPicture,
    Trend,
    situation_picture_id,
)


class SituationPictureUseCases(MunicipalityUseCases):
    """Draw up, fill in and adopt the lägesbild of a year."""

    def get_situation_picture(self, picture_id: UUID) -> SituationPicture:
        return self.load(SituationPicture, picture_id)

    def find_situation_picture(self, municipality: str, year: int) -> SituationPicture:
        """The lägesbild of that municipality and year."""
        try:
            return self.get_situation_picture(situation_picture_id(municipality, year))
        except NotFoundError:
            raise NotFoundError(
                f"No lägesbild has been drawn up for {municipality} and {year}.", field="year"
            ) from None

    def check_situation_picture(self, picture_id: UUID, municipality: str) -> SituationPicture:
        """The lägesbild, if it exists and belongs to ``municipality`` (another
        municipality's is refused exactly as one that does not exist)."""
        unknown = InvalidValueError(
            "No lägesbild with that id in the municipality.", field="situation_picture_id"
        )
        try:
            picture = self.get_situation_picture(picture_id)
        except NotFoundError:
            raise unknown from None
        if picture.municipality != municipality:
            raise unknown
        return picture

    def draw_up_situation_picture(
        self, actor: Actor, *, municipality: str, year: int, summary: str
    ) -> CommandResult:
        """Start the lägesbild of a year; there is one per municipality and year."""
        self.get_municipality(municipality)
        picture = SituationPicture.draw_up(
            actor, municipality=municipality, year=year, summary=summary
        )
        duplicate = DuplicateError(
            f"A lägesbild for {municipality} and {picture.year} has already been drawn up.",
            field="year",
        )
        if picture.id in self.repository:
            raise duplicate
        try:
            return self.commit(picture)
        except ConcurrentWriteError:
            raise duplicate from None

    def record_observation(
        self,
        actor: Actor,
        picture_id: UUID,
        *,
        area: str,
        description: str,
        trend: Trend,
        source: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Record what is seen in an area; the result's ``item_id`` is the observation's id."""
        return self.change(
            SituationPicture,
            picture_id,
            expected_version,
            lambda p: p.record_observation(
                actor, area=area, description=description, trend=trend, source=source
            ),
        )

    def withdraw_observation(
        self,
        actor: Actor,
        picture_id: UUID,
        *,
        observation_id: UUID,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            SituationPicture,
            picture_id,
            expected_version,
            lambda p: p.withdraw_observation(actor, observation_id=observation_id, reason=reason),
        )

    def adopt_situation_picture(
        self,
        actor: Actor,
        picture_id: UUID,
        *,
        adopted_on: date,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            SituationPicture,
            picture_id,
            expected_version,
            lambda p: p.adopt(actor, adopted_on=adopted_on),
        )
