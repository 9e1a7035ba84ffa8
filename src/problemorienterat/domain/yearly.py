"""Documents drawn up once per municipality and year: the lägesbild and the medborgarlöfte."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from problemorienterat.domain.errors import InvalidValueError

FIRST_YEAR = 2000
LAST_YEAR = 2100


def yearly_id(kind: str, municipality: str, year: int) -> UUID:
    """The id follows from kind, municipality and year, so a second one for the year conflicts."""
    return uuid5(NAMESPACE_URL, f"problemorienterat:{kind}:{municipality}:{year}")


def require_year(year: int) -> int:
    """Return ``year`` if it is a plausible calendar year, else raise."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidValueError("The year must be a whole number, e.g. 2026.", field="year")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValueError(
            f"The year must be between {FIRST_YEAR} and {LAST_YEAR}.", field="year"
        )
    return year
