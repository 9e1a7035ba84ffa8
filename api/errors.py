"""Errors as RFC 9457 problem details (``application/problem+json``).

Domain errors keep their message for the caller and name the broken rule (and the field,
when there is one). Anything unexpected becomes a 500 without internals; its traceback is
logged with the request id the caller can quote.
"""

from __future__ import annotations

import structlog
from litestar.plugins.problem_details import (
    ProblemDetailsConfig,
    ProblemDetailsException,
    ProblemDetailsPlugin,
)

from problemorienterat.domain.errors import (
    ConcurrentWriteError,
    DomainError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
    RuleViolation,
    VersionConflictError,
)
from projections import ViewsNotReadyError

log = structlog.get_logger("api.errors")

# Most specific first: the first class the error is an instance of decides.
_STATUS_AND_TITLE: list[tuple[type[DomainError], int, str]] = [
    (NotFoundError, 404, "Hittades inte"),
    (InvalidValueError, 422, "Ogiltigt värde"),
    (VersionConflictError, 412, "Ärendet har ändrats sedan du läste det"),
    (ConcurrentWriteError, 409, "Ändrat av någon annan"),
    (DuplicateError, 409, "Finns redan"),
    (RuleViolation, 409, "Inte möjligt i det här läget"),
]


def domain_problem(error: DomainError) -> ProblemDetailsException:
    """The problem details for a broken domain rule."""
    status, title = next(
        ((status, title) for cls, status, title in _STATUS_AND_TITLE if isinstance(error, cls)),
        (422, "Kan inte utföras"),
    )
    extra: dict[str, object] = {"rule": error.rule}
    if error.field:
        extra["field"] = error.field
    return ProblemDetailsException(
        status_code=status,
        title=title,
        detail=error.message,
        type_=f"urn:problemorienterat:error:{error.rule}",
        extra=extra,
    )


def internal_problem(error: Exception) -> ProblemDetailsException:
    """An unexpected error: logged in full, answered without internals."""
    log.error("unhandled_error", error_type=type(error).__name__, exc_info=error)
    return ProblemDetailsException(
        status_code=500,
        title="Internt fel",
        detail="Ett oväntat fel inträffade. Uppge X-Request-Id om du anmäler felet.",
    )


def views_not_ready(error: Exception) -> ProblemDetailsException:
    """The projections have not been built on this database yet."""
    return ProblemDetailsException(
        status_code=503,
        title="Vyerna är inte klara",
        detail="Vyerna byggs ännu; försök igen om en stund.",
    )


def problem_details_plugin() -> ProblemDetailsPlugin:
    """Every HTTP error, domain error and unexpected error as ``application/problem+json``."""
    return ProblemDetailsPlugin(
        ProblemDetailsConfig(
            enable_for_all_http_exceptions=True,
            exception_to_problem_detail_map={
                DomainError: domain_problem,
                ViewsNotReadyError: views_not_ready,
                Exception: internal_problem,
            },
        )
    )
