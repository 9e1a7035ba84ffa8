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

from problemorienterat.contracts.errors import status_and_title
from problemorienterat.domain.errors import DomainError, ForbiddenError
from problemorienterat.infrastructure.store_errors import (
    RETRY_AFTER_SECONDS,
    StoreUnavailableError,
    store_unavailable,
)
from projections import ViewsNotReadyError

log = structlog.get_logger("api.errors")


def domain_problem(error: DomainError) -> ProblemDetailsException:
    """The problem details for a broken domain rule."""
    status, title = status_and_title(error)
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


def forbidden_problem(error: ForbiddenError) -> ProblemDetailsException:
    """A role that never may do this: 403 with the reason as its title, as Litestar answers
    a refused request."""
    return ProblemDetailsException(status_code=403, title=error.message)


def internal_problem(error: Exception) -> ProblemDetailsException:
    """An unexpected error: logged in full, answered without internals; a store that cannot
    write (disk full, read-only) is a 503, see :func:`store_unavailable_problem`."""
    unavailable = store_unavailable(error)
    if unavailable is not None:
        return store_unavailable_problem(unavailable)
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


def store_unavailable_problem(error: StoreUnavailableError) -> ProblemDetailsException:
    """The store cannot write (its disk is full, or it is read-only): 503 with
    ``Retry-After``; nothing was saved, and the request may be sent again later."""
    log.error("store_unavailable", reason=error.reason)
    return ProblemDetailsException(
        status_code=503,
        title="Lagret kan inte skriva",
        detail="Databasen tar inte emot ändringar just nu (disken är full eller databasen är "
        "skrivskyddad). Inget sparades; försök igen senare.",
        type_="urn:problemorienterat:error:store-unavailable",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        extra={"rule": "store-unavailable", "reason": error.reason},
    )


def problem_details_plugin() -> ProblemDetailsPlugin:
    """Every HTTP error, domain error and unexpected error as ``application/problem+json``."""
    return ProblemDetailsPlugin(
        ProblemDetailsConfig(
            enable_for_all_http_exceptions=True,
            exception_to_problem_detail_map={
                DomainError: domain_problem,
                ForbiddenError: forbidden_problem,
                ViewsNotReadyError: views_not_ready,
                StoreUnavailableError: store_unavailable_problem,
                Exception: internal_problem,
            },
        )
    )
