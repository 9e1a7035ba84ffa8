"""Errors as RFC 9457 problem details (``application/problem+json``), one shape for every
status:

``type``
    ``urn:problemorienterat:error:<kind>``: the broken domain rule, or the kind of HTTP error
    (``bad-request``, ``not-found``, ``method-not-allowed`` …).
``title``
    A short Swedish title for that kind of error, the same for every answer of that kind.
``status``
    The HTTP status.
``detail``
    What went wrong in this request, in words (never personal data, never internals).
``field`` (optional)
    The input that is wrong: a body field, a parameter or a header.
``rule`` (optional)
    The domain rule that refused the command.
``errors`` (optional)
    Every input that is wrong, each ``{"field", "source", "message"}``.

:func:`problem` builds one; every exception handler of the API goes through it, so a new
kind of error (a store that is unavailable, a rate limit) is one call of :func:`problem`
(or one entry in :data:`TITLES`). Anything unexpected becomes a 500 without internals; its
traceback is logged with the request id the caller can quote.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import structlog
from litestar.exceptions import HTTPException
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

TYPE_PREFIX = "urn:problemorienterat:error:"

# The kind (last part of ``type``) and the Swedish title of each status, when no domain rule
# names the error.
TITLES: dict[int, tuple[str, str]] = {
    400: ("bad-request", "Felaktig begäran"),
    401: ("unauthenticated", "Inte inloggad"),
    403: ("forbidden", "Förbjudet"),
    404: ("not-found", "Hittades inte"),
    405: ("method-not-allowed", "Metoden stöds inte"),
    409: ("conflict", "Inte möjligt i det här läget"),
    412: ("precondition-failed", "Ärendet har ändrats sedan du läste det"),
    413: ("too-large", "Begäran är för stor"),
    415: ("unsupported-media-type", "Innehållstypen stöds inte"),
    422: ("invalid-value", "Ogiltigt värde"),
    429: ("too-many-requests", "För många begäranden"),
    500: ("internal", "Internt fel"),
    503: ("unavailable", "Tjänsten är inte tillgänglig"),
}

# The detail of an HTTP error raised without a message of its own.
_DEFAULT_DETAILS: dict[int, str] = {
    400: "The request is not valid.",
    401: "Give a valid bearer token.",
    403: "Your role may not do this.",
    404: "There is nothing at this address.",
    405: "This address does not take that method; the Allow header lists the ones it takes.",
    413: "The request body is too large.",
    415: "The request body must be JSON.",
    429: "Too many requests; try again later.",
    500: "An unexpected error occurred. Quote X-Request-Id when you report it.",
    503: "The service is not available right now; try again later.",
}


def problem(
    status: int,
    detail: str | None = None,
    *,
    kind: str | None = None,
    title: str | None = None,
    field: str | None = None,
    rule: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> ProblemDetailsException:
    """The problem details of one error: raise it, or return it from a handler's mapping.

    ``kind`` and ``title`` default to those of ``status`` (:data:`TITLES`), ``detail`` to a
    sentence for that status."""
    default_kind, default_title = TITLES.get(status, (f"http-{status}", _phrase(status)))
    extra: dict[str, Any] = {}
    if field:
        extra["field"] = field
    if rule:
        extra["rule"] = rule
    if errors:
        extra["errors"] = errors
    return ProblemDetailsException(
        status_code=status,
        type_=TYPE_PREFIX + (kind or rule or default_kind),
        title=title or default_title,
        detail=detail or _DEFAULT_DETAILS.get(status) or _phrase(status),
        extra=extra or None,
        headers=dict(headers) if headers else None,
    )


def domain_problem(error: DomainError) -> ProblemDetailsException:
    """The problem details for a broken domain rule."""
    status, title = status_and_title(error)
    return problem(status, error.message, title=title, rule=error.rule, field=error.field or None)


def forbidden_problem(error: ForbiddenError) -> ProblemDetailsException:
    """A role that never may do this: 403 saying why."""
    return problem(403, error.message, rule=error.rule, field=error.field or None)


def http_problem(error: HTTPException) -> ProblemDetailsException:
    """Litestar's own errors (validation, 401, 404, 405, 413, 429 …) in the same shape; a
    validation error lists each wrong input under ``errors`` and names the first as
    ``field``."""
    if isinstance(error, ProblemDetailsException):
        return _normalised(error)
    if error.status_code == 500 and error.detail == CLIENT_DISCONNECTED:
        return client_disconnected_problem()
    if error.status_code == 500:  # Litestar's own internal errors: no internals in the answer
        return internal_problem(error)
    errors = _input_errors(error.extra)
    detail = error.detail if error.detail != _phrase(error.status_code) else None
    if errors and error.status_code == 400:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        detail = f"{first['field']}: {first['message']}{more}"
    rules = {e.get("rule") for e in errors} - {None}
    return problem(
        error.status_code,
        detail,
        field=errors[0]["field"] if errors else None,
        rule=rules.pop() if len(rules) == 1 else None,
        errors=errors or None,
        headers=error.headers,
    )


# What Litestar raises (an InternalServerException) when the client hangs up before its
# request body has arrived, e.g. a load generator stopping or a phone losing its network.
CLIENT_DISCONNECTED = "client disconnected prematurely"


def client_disconnected_problem() -> ProblemDetailsException:
    """The client went away before sending the whole request: nothing was read, so nothing
    was saved. Not a server error: no traceback in the log, and it counts as a client's
    error (400) in the request line and the metrics; nobody receives the answer."""
    log.info("client_disconnected")
    return problem(
        400,
        "The client closed the connection before the request body arrived; nothing was saved.",
        kind="client-disconnected",
        title="Begäran avbröts",
        rule="client-disconnected",
    )


def internal_problem(error: Exception) -> ProblemDetailsException:
    """An unexpected error: logged in full, answered without internals; a store that cannot
    write (disk full, read-only) is a 503, see :func:`store_unavailable_problem`."""
    unavailable = store_unavailable(error)
    if unavailable is not None:
        return store_unavailable_problem(unavailable)
    log.error("unhandled_error", error_type=type(error).__name__, exc_info=error)
    return problem(500)


def views_not_ready(error: Exception) -> ProblemDetailsException:
    """The projections have not been built on this database yet."""
    return problem(503, "The views are still being built; try again in a moment.")


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
            exception_handler=_problem_handler,
            exception_to_problem_detail_map={
                HTTPException: http_problem,
                DomainError: domain_problem,
                ForbiddenError: forbidden_problem,
                ViewsNotReadyError: views_not_ready,
                StoreUnavailableError: store_unavailable_problem,
                Exception: internal_problem,
            },
        )
    )


def _problem_handler(request: Any, error: ProblemDetailsException) -> Any:
    return _normalised(error).to_response(request)


def _normalised(error: ProblemDetailsException) -> ProblemDetailsException:
    """A ``ProblemDetailsException`` raised elsewhere, filled in to the one shape."""
    if error.type_ is not None and error.type_.startswith(TYPE_PREFIX) and error.title:
        return error
    extra = error.extra if isinstance(error.extra, Mapping) else {}
    detail = error.detail if error.detail != _phrase(error.status_code) else None
    return problem(
        error.status_code,
        detail,
        title=error.title,
        field=extra.get("field"),
        rule=extra.get("rule"),
        errors=extra.get("errors"),
        headers=error.headers,
    )


def _input_errors(extra: Any) -> list[dict[str, str]]:
    """Litestar's ``[{"key", "source", "message"}]`` as ``[{"field", "source", "message"}]``."""
    if not isinstance(extra, list):
        return []
    found: list[dict[str, str]] = []
    for item in extra:
        if not isinstance(item, Mapping):
            continue
        entry = {
            "field": str(item.get("key") or "body"),
            "source": str(item.get("source") or "body"),
            "message": str(item.get("message") or ""),
        }
        if item.get("rule"):
            entry["rule"] = str(item["rule"])
        found.append(entry)
    return found


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
