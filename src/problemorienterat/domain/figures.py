"""Figures of a lägesbild's observation: one number per period for one indicator.

Example: "Anmälda skadegörelsebrott" in Centrum, counted per half year:
``2024 H1`` 38, ``2024 H2`` 45, ``2025 H1`` 51. Or a trygghetsmätning's result in percent
per year. A series belongs to one observation; its periods are all of one kind, written in
one of four forms (``docs/lagesbild-csv.md``):

- a year: ``2025``
- a half year: ``2025 H1`` / ``2025 H2``
- a quarter: ``2025 Q1`` … ``2025 Q4`` (``K`` for kvartal is read as ``Q``)
- a month: ``2025-03``

What is wrong with a series is a list of :class:`FigureProblem`, each with a stable ``code``
(the pages say it in Swedish by the code) and, for input read line by line (a CSV file, the
form's text), the line; :class:`FiguresError` carries them all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from problemorienterat.domain.errors import InvalidValueError
from problemorienterat.domain.identity_numbers import contains_identity_number

MAX_POINTS = 240
"""Points in one series: twenty years of months."""

MAX_SERIES_PER_OBSERVATION = 20
PERIOD_MAX_LENGTH = 20
FIRST_PERIOD_YEAR = 1900
LAST_PERIOD_YEAR = 2100


class FigureUnit(Enum):
    """What the numbers of a series count; it decides which values are possible."""

    COUNT = "count"  # antal: whole numbers, never negative
    PERCENT = "percent"  # procent: 0–100
    PER_THOUSAND = "per_1000"  # per 1 000 invånare: not negative
    PER_HUNDRED_THOUSAND = "per_100000"  # per 100 000 invånare: not negative
    INDEX = "index"  # an index or mean score (trygghetsindex): any finite number


class PeriodKind(Enum):
    YEAR = "year"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"
    MONTH = "month"


_PERIOD_FORMS = (
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR, 1),
    (re.compile(r"^(\d{4})\s*[-–]?\s*[Hh]\s*([12])$"), PeriodKind.HALF_YEAR, 2),
    (re.compile(r"^(\d{4})\s*[-–]?\s*[QqKk]\s*([1-4])$"), PeriodKind.QUARTER, 4),
    (re.compile(r"^(\d{4})-(\d{2})$"), PeriodKind.MONTH, 12),
)


@dataclass(frozen=True)
class Period:
    """A calendar year, half year, quarter or month."""

    year: int
    kind: PeriodKind
    number: int = 1  # which half (1–2), quarter (1–4) or month (1–12); 1 for a year

    @classmethod
    def parse(cls, text: str) -> Period | None:
        """The period ``text`` names (``2025``, ``2025 H1``, ``2025 Q3``, ``2025-03``; also
        ``2025H1``, ``2025-h1``, ``2025 K3``), or None if it names none."""
        cleaned = text.strip().replace("\u00a0", " ")
        for pattern, kind, most in _PERIOD_FORMS:
            found = pattern.match(cleaned)
            if found is None:
                continue
            year = int(found.group(1))
            number = int(found.group(2)) if kind is not PeriodKind.YEAR else 1
            if not (FIRST_PERIOD_YEAR <= year <= LAST_PERIOD_YEAR and 1 <= number <= most):
                return None
            return cls(year, kind, number)
        return None

    @property
    def label(self) -> str:
        """The period as it is stored and shown: ``2025``, ``2025 H1``, ``2025 Q3``,
        ``2025-03``."""
        if self.kind is PeriodKind.YEAR:
            return str(self.year)
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{self.year} H{self.number}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year} Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    @property
    def order(self) -> tuple[int, int]:
        return (self.year, self.number)


@dataclass(frozen=True)
class FigurePoint:
    """The value of one period (``period`` is its label, e.g. ``2025 H1``)."""

    period: str
    value: float


@dataclass(frozen=True)
class FigureSeries:
    """One indicator's numbers for an observation, in period order."""

    series_id: UUID
    observation_id: UUID
    indicator: str
    unit: FigureUnit
    points: tuple[FigurePoint, ...]

    def __post_init__(self) -> None:
        # Stored as a JSON list; the state holds only immutable values.
        object.__setattr__(self, "points", tuple(self.points))


@dataclass(frozen=True)
class FigureProblem:
    """One thing wrong with figures given: a stable ``code``, an English ``message`` for the
    API, and where: the ``line`` (1 = the first line) and ``column`` when the input was read
    line by line, the offending ``value`` when it is short and safe to repeat."""

    code: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None


class FiguresError(InvalidValueError):
    """Figures that cannot be recorded; ``problems`` lists every reason found."""

    rule = "invalid-figures"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        problems: Sequence[FigureProblem] = (),
    ) -> None:
        super().__init__(message, field=field)
        self.problems = tuple(problems)


def shown_value(text: str) -> str | None:
    """A value that may be repeated in an error: short, and no personal identity number."""
    cleaned = text.strip()
    if not cleaned or len(cleaned) > 40 or contains_identity_number(cleaned):
        return None
    return cleaned


def same_indicator(a: str, b: str) -> bool:
    """Indicator names match ignoring case and spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def value_problem(unit: FigureUnit, value: float) -> tuple[str, str] | None:
    """(code, message) when ``value`` is not possible in ``unit``."""
    if not math.isfinite(value) or abs(value) > 1e12:
        return "value-format", "The value must be a finite number."
    if unit is FigureUnit.INDEX:
        return None
    if value < 0:
        return "value-negative", "The value cannot be negative for this unit."
    if unit is FigureUnit.COUNT and not float(value).is_integer():
        return "value-whole", "A count is a whole number."
    if unit is FigureUnit.PERCENT and value > 100:
        return "value-percent", "A percentage is between 0 and 100."
    return None


def checked_points(
    unit: FigureUnit,
    points: Sequence[tuple[str, float]],
    lines: Sequence[int] | None = None,
) -> tuple[tuple[FigurePoint, ...], list[FigureProblem]]:
    """The points in period order with their periods written the one way, and every problem
    found: a period in none of the forms, periods of different kinds, a period given twice, a
    value the unit does not allow, too many or no points. ``lines`` (one per point) says
    where each point was read."""
    problems: list[FigureProblem] = []

    def where(index: int) -> int | None:
        return lines[index] if lines is not None and index < len(lines) else None

    if not points:
        problems.append(FigureProblem("points-missing", "Give at least one period and value."))
    if len(points) > MAX_POINTS:
        problems.append(
            FigureProblem("points-too-many", f"A series has at most {MAX_POINTS} periods.")
        )
    seen: dict[Period, int] = {}
    kind: PeriodKind | None = None
    parsed: list[tuple[Period, float]] = []
    for index, (text, value) in enumerate(points):
        line = where(index)
        period = Period.parse(text) if len(text) <= PERIOD_MAX_LENGTH else None
        if period is None:
            problems.append(
                FigureProblem(
                    "period-format",
                    "A period is written 2025, 2025 H1, 2025 Q3 or 2025-03.",
                    line,
                    "period",
                    shown_value(text),
                )
            )
        elif kind is not None and period.kind is not kind:
            problems.append(
                FigureProblem(
                    "period-kind-mixed",
                    "All periods of a series are of one kind (years, half years, quarters "
                    "or months).",
                    line,
                    "period",
                    period.label,
                )
            )
        elif period in seen:
            problems.append(
                FigureProblem(
                    "period-duplicate",
                    "The period is given twice in the series.",
                    line,
                    "period",
                    period.label,
                )
            )
        else:
            kind = period.kind
            seen[period] = index
            parsed.append((period, value))
        wrong = value_problem(unit, value)
        if wrong is not None:
            code, message = wrong
            problems.append(FigureProblem(code, message, line, "value"))
    ordered = tuple(
        FigurePoint(period.label, float(value))
        for period, value in sorted(parsed, key=lambda p: p[0].order)
    )
    return ordered, problems
