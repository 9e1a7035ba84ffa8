"""Building blocks of the command contracts: unknown fields are refused, texts are bounded.

A contract never carries versions (``If-Match``), actors (the token) or timestamps (the
server's clock): ``extra="forbid"`` turns any such field into a 400 naming it. Every limit
is the domain's (:mod:`problemorienterat.domain.limits`), so what the OpenAPI document
promises is what the domain enforces.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from problemorienterat.domain.limits import (
    EMAIL_MAX_LENGTH,
    MUNICIPALITY_NAME_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    UNIT_MAX_LENGTH,
    USER_ID_MAX_LENGTH,
)
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.yearly import FIRST_YEAR, LAST_YEAR

# No NUL characters: PostgreSQL text (the views, the indexes) cannot hold them.
NO_NUL = r"^[^\x00]*$"
# The characters ``str.strip()`` removes (``str.isspace()``), spelled out: JSON Schema's
# ``\s`` (ECMA-262) is another set than Python's.
WHITESPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Not blank: at least one character that is neither whitespace nor NUL, and no NUL at all.
# The domain strips a text and refuses it when nothing is left (``require_text``); the
# contract refuses the same texts, so the OpenAPI document says so.
NOT_BLANK = rf"^[{WHITESPACE}]*[^{WHITESPACE}\x00][^\x00]*$"


def non_blank(max_length: int) -> StringConstraints:
    """A text the domain requires: not blank, no NUL, at most ``max_length`` characters."""
    return StringConstraints(min_length=1, max_length=max_length, pattern=NOT_BLANK)


NonBlank = Annotated[str, non_blank(TEXT_MAX_LENGTH)]
Text = NonBlank
OptionalText = Annotated[str, StringConstraints(max_length=TEXT_MAX_LENGTH, pattern=NO_NUL)]
Name = Annotated[str, non_blank(NAME_MAX_LENGTH)]
OptionalName = Annotated[
    str | None, Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=NO_NUL)
]
NameOrBlank = Annotated[str, StringConstraints(max_length=NAME_MAX_LENGTH, pattern=NO_NUL)]
Note = Annotated[str | None, Field(max_length=NOTE_MAX_LENGTH, pattern=NO_NUL)]
MunicipalityName = Annotated[str, non_blank(MUNICIPALITY_NAME_MAX_LENGTH)]
UserId = Annotated[str, non_blank(USER_ID_MAX_LENGTH)]
# Blank, or what the domain takes (grannsamverkan._PHONE, _EMAIL), without surrounding space.
Phone = Annotated[
    str, StringConstraints(max_length=PHONE_MAX_LENGTH, pattern=r"^(|\+?[0-9][0-9 ()-]{4,})$")
]
Email = Annotated[
    str,
    StringConstraints(
        max_length=EMAIL_MAX_LENGTH,
        pattern=rf"^(|[^@{WHITESPACE}\x00]+@[^@{WHITESPACE}\x00]+\.[^@{WHITESPACE}\x00]+)$",
    ),
]
MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


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
    unit: Annotated[str, StringConstraints(max_length=UNIT_MAX_LENGTH)] = ""

    def to_measure(self) -> Measure:
        return Measure.of(
            indicator=self.indicator,
            area=self.area,
            period_start=self.period_start,
            period_end=self.period_end,
            value=self.value,
            unit=self.unit,
        )
