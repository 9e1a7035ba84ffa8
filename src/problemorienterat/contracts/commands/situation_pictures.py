"""The commands on a lägesbild: draw up, observations, their figures, adopt."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints

from problemorienterat.contracts.commands.fields import (
    NO_NUL,
    NOT_BLANK,
    Body,
    MunicipalityCode,
    Name,
    Number,
    Text,
    Year,
)
from problemorienterat.domain.figures import MAX_POINTS, PERIOD_MAX_LENGTH, FigureUnit
from problemorienterat.domain.situation_picture import Trend

CSV_MAX_LENGTH = 60_000
"""Characters of a CSV file sent as JSON text (the request body is at most 64 kB)."""


class DrawUpSituationPicture(Body):
    municipality: MunicipalityCode
    year: Year
    summary: Text


class RecordObservation(Body):
    area: Name
    description: Text
    trend: Trend
    source: Name


class WithdrawObservation(Body):
    reason: Text


class AdoptOn(Body):
    adopted_on: date


Period = Annotated[
    str,
    StringConstraints(min_length=1, max_length=PERIOD_MAX_LENGTH, pattern=NOT_BLANK),
    Field(
        description="A year (2025), half year (2025 H1), quarter (2025 Q3) or month (2025-03)",
        examples=["2025 H1"],
    ),
]


class FigurePointBody(Body):
    period: Period
    value: Number


class RecordFigures(Body):
    """An indicator's numbers per period for one observation; a series of the same indicator
    already on the observation is replaced."""

    indicator: Name
    unit: FigureUnit
    points: Annotated[list[FigurePointBody], Field(min_length=1, max_length=MAX_POINTS)]


class RecordFiguresText(Body):
    """The web form of :class:`RecordFigures`: the points as text, one "period: value" a
    line (read by ``application.figure_input.read_points``)."""

    observation_id: UUID
    indicator: Name
    unit: FigureUnit
    points: Text


class WithdrawFigures(Body):
    reason: Text


class ImportFigures(Body):
    """A CSV file of figures as text (format: ``docs/lagesbild-csv.md``)."""

    csv: Annotated[
        str,
        StringConstraints(min_length=1, max_length=CSV_MAX_LENGTH, pattern=NO_NUL),
        Field(
            description="The CSV text: a header line `område;indikator;enhet;period;värde`, "
            "then one line per period (`;` or `,` between fields, decimal comma allowed)",
            examples=[
                "område;indikator;enhet;period;värde\nCentrum;Anmälda skadegörelsebrott;"
                "antal;2025 H1;42\n"
            ],
        ),
    ]
