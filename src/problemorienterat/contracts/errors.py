"""The HTTP status (and the API's Swedish title) of each kind of domain error: one table for
the API's problem details and the web's error pages."""

from __future__ import annotations

from problemorienterat.domain.errors import (
    ConcurrentWriteError,
    DomainError,
    DuplicateError,
    ForbiddenError,
    InvalidValueError,
    NotFoundError,
    RuleViolation,
    VersionConflictError,
)

# Most specific first: the first class the error is an instance of decides.
_STATUS_AND_TITLE: list[tuple[type[DomainError], int, str]] = [
    (ForbiddenError, 403, "Förbjudet"),
    (NotFoundError, 404, "Hittades inte"),
    (InvalidValueError, 422, "Ogiltigt värde"),
    (VersionConflictError, 412, "Ärendet har ändrats sedan du läste det"),
    (ConcurrentWriteError, 409, "Ändrat av någon annan"),
    (DuplicateError, 409, "Finns redan"),
    (RuleViolation, 409, "Inte möjligt i det här läget"),
]


def status_and_title(error: DomainError) -> tuple[int, str]:
    """The HTTP status that answers ``error``, and the title the API gives it."""
    return next(
        ((status, title) for cls, status, title in _STATUS_AND_TITLE if isinstance(error, cls)),
        (422, "Kan inte utföras"),
    )
