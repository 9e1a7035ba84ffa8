"""Building blocks of request bodies: unknown fields are refused, texts are bounded.

A body never carries versions (``If-Match``), actors (the token) or timestamps (the
server's clock): ``extra="forbid"`` turns any such field into a 400 naming it.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from problemorienterat.domain.measure import Measure

# No NUL characters: PostgreSQL text (the views, the indexes) cannot hold them.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000, pattern=NO_NUL)]
OptionalText = Annotated[str, StringConstraints(max_length=4000, pattern=NO_NUL)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NO_NUL)]
OptionalName = Annotated[str | None, Field(min_length=1, max_length=200, pattern=NO_NUL)]
Free = Annotated[str | None, Field(max_length=4000, pattern=NO_NUL)]
MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
Year = Annotated[int, Field(ge=2000, le=2100)]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Number = Annotated[float, Field(ge=-1e12, le=1e12), AfterValidator(_finite)]


class Body(BaseModel):
    """A command's input: exactly the fields the step records."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class MeasureBody(Body):
    """An indicator measured in an area over a period."""

    indicator: Name
    area: Name
    period_start: date
    period_end: date
    value: Number
    unit: Annotated[str, StringConstraints(max_length=50)] = ""

    def to_measure(self) -> Measure:
        return Measure.of(
            indicator=self.indicator,
            area=self.area,
            period_start=self.period_start,
            period_end=self.period_end,
            value=self.value,
            unit=self.unit,
        )
