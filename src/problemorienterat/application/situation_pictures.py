"""Use cases for the yearly strategic lägesbild."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from uuid import UUID

from problemorienterat.application.base import check_version
from problemorienterat.application.figure_input import FigureRow, read_csv
from problemorienterat.application.municipalities import MunicipalityUseCases
from problemorienterat.application.results import CommandResult
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.errors import (
    ConcurrentWriteError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
)
from problemorienterat.domain.figures import (
    FigureProblem,
    FiguresError,
    FigureUnit,
    checked_points,
    shown_value,
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

    def record_figures(
        self,
        actor: Actor,
        picture_id: UUID,
        *,
        observation_id: UUID,
        indicator: str,
        unit: FigureUnit,
        points: Sequence[tuple[str, float]],
        lines: Sequence[int] | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Attach an indicator's numbers per period to an observation (replacing the series of
        the same indicator); the result's ``item_id`` is the new series' id."""
        return self.change(
            SituationPicture,
            picture_id,
            expected_version,
            lambda p: p.record_figures(
                actor,
                observation_id=observation_id,
                indicator=indicator,
                unit=unit,
                points=points,
                lines=lines,
            ),
        )

    def withdraw_figures(
        self,
        actor: Actor,
        picture_id: UUID,
        *,
        series_id: UUID,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            SituationPicture,
            picture_id,
            expected_version,
            lambda p: p.withdraw_figures(actor, series_id=series_id, reason=reason),
        )

    def import_figures(
        self,
        actor: Actor,
        picture_id: UUID,
        *,
        csv_text: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Record every series of a CSV file (``docs/lagesbild-csv.md``), each replacing the
        observation's series of the same indicator, all in one transaction. Every line is
        checked first: if any is wrong, :class:`FiguresError` lists each problem by line and
        column and nothing is recorded."""
        picture = self.load(SituationPicture, picture_id)
        check_version(picture, expected_version)
        rows, problems = read_csv(csv_text)
        series = _series_of(rows)
        areas = _observations_by_area(picture)
        planned: list[tuple[UUID, str, FigureUnit, list[tuple[str, float]], list[int]]] = []
        for (area_key, _), group in series.items():
            first = group[0]
            matches = areas.get(area_key, [])
            if len(matches) != 1:
                problems.extend(_area_problems(group, found=len(matches)))
            mixed = [r for r in group if r.unit is not first.unit]
            problems.extend(
                FigureProblem(
                    "unit-mixed",
                    "The lines of one series (area and indicator) have one unit.",
                    r.line,
                    "enhet",
                )
                for r in mixed
            )
            points = [(r.period, r.value) for r in group]
            lines = [r.line for r in group]
            problems.extend(
                replace(p, column=_CSV_COLUMNS.get(p.column or "", p.column))
                for p in checked_points(first.unit, points, lines)[1]
            )
            if len(matches) == 1:
                planned.append((matches[0], first.indicator, first.unit, points, lines))
        if problems:
            ordered = sorted(problems, key=lambda p: p.line or 0)
            raise FiguresError(
                f"The file has {len(ordered)} problem(s); nothing was recorded.",
                field="csv",
                problems=ordered,
            )
        for observation_id, indicator, unit, points, lines in planned:
            picture.record_figures(
                actor,
                observation_id=observation_id,
                indicator=indicator,
                unit=unit,
                points=points,
                lines=lines,
            )
        return self.commit(picture)


_CSV_COLUMNS = {"period": "period", "value": "värde"}
"""The file's names of the columns the domain's problems name."""


def _series_of(rows: Sequence[FigureRow]) -> dict[tuple[str, str], list[FigureRow]]:
    """The file's lines by series: area and indicator (case and spacing ignored)."""
    series: dict[tuple[str, str], list[FigureRow]] = defaultdict(list)
    for row in rows:
        series[_key(row.area), _key(row.indicator)].append(row)
    return series


def _observations_by_area(picture: SituationPicture) -> dict[str, list[UUID]]:
    found: dict[str, list[UUID]] = defaultdict(list)
    for observation in picture.observations.values():
        found[_key(observation.area)].append(observation.observation_id)
    return found


def _area_problems(group: Sequence[FigureRow], *, found: int) -> list[FigureProblem]:
    if found == 0:
        code, message = "area-unknown", "The lägesbild has no observation of that area."
    else:
        code, message = (
            "area-ambiguous",
            "The lägesbild has several observations of that area; name the areas apart.",
        )
    return [FigureProblem(code, message, r.line, "område", shown_value(r.area)) for r in group]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()
