"""A measurement of a problem: the baseline before a response, and each follow-up after it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from problemorienterat.domain.base import optional_text, require_text
from problemorienterat.domain.errors import InvalidValueError
from problemorienterat.domain.limits import NAME_MAX_LENGTH, UNIT_MAX_LENGTH


@dataclass(frozen=True)
class Measure:
    """Which indicator, in which area, over which period, and the value found.

    Example: "anmälda bostadsinbrott per halvår", "Valla", 2025-01-01–2025-06-30, 14.
    """

    indicator: str
    area: str
    period_start: date
    period_end: date
    value: float
    unit: str = ""

    @classmethod
    def of(
        cls,
        *,
        indicator: str,
        area: str,
        period_start: date,
        period_end: date,
        value: float,
        unit: str = "",
    ) -> Measure:
        """Validated construction: texts present, period not reversed, value a finite number."""
        if period_end < period_start:
            raise InvalidValueError("The period ends before it starts.", field="period_end")
        if not math.isfinite(value):
            raise InvalidValueError("The value must be a finite number.", field="value")
        return cls(
            indicator=require_text("indicator", indicator, max_length=NAME_MAX_LENGTH),
            area=require_text("area", area, max_length=NAME_MAX_LENGTH),
            period_start=period_start,
            period_end=period_end,
            value=float(value),
            unit=optional_text("unit", unit, max_length=UNIT_MAX_LENGTH) or "",
        )

    @property
    def days(self) -> int:
        """The length of the period in days, both ends included."""
        return (self.period_end - self.period_start).days + 1

    def same_indicator(self, other: Measure) -> bool:
        """Indicators match when their definitions are the same text, ignoring case and spacing."""
        return _normalise(self.indicator) == _normalise(other.indicator)


COMPARABLE_PERIOD_RATIO = (0.5, 2.0)
"""A follow-up's period compared with the baseline's: within these ratios of its length the
two are comparable; outside them a count of events says little (half a year against a
month). A warning, not a rule: the follow-up is recorded either way."""


def period_ratio(baseline: Measure, follow_up: Measure) -> float:
    """How many times the baseline's period the follow-up's period is."""
    return follow_up.days / baseline.days


def periods_comparable(baseline: Measure, follow_up: Measure) -> bool:
    """Whether the follow-up's period is about as long as the baseline's (see
    :data:`COMPARABLE_PERIOD_RATIO`)."""
    low, high = COMPARABLE_PERIOD_RATIO
    return low <= period_ratio(baseline, follow_up) <= high


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())
