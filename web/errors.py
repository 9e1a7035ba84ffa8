"""Errors on web paths answered as Swedish HTML pages; the API keeps problem+json.

:class:`WebErrorPages` is an init plugin that runs after the API's problem-details plugin:
it wraps every exception handler so that a request outside ``/api``, ``/health``,
``/ready`` and ``/schema`` gets a page instead. Domain errors show the Swedish text of
their rule (:mod:`web.messages`), never the English message; a missing login is a 303 to
the login page; an administrator is sent to the administration page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from litestar import Request, Response
from litestar.config.app import AppConfig
from litestar.exceptions import HTTPException
from litestar.plugins import InitPlugin
from litestar.response import Redirect, Template

from problemorienterat.contracts.errors import status_and_title
from problemorienterat.domain.errors import (
    ConcurrentWriteError,
    DomainError,
    ForbiddenError,
    VersionConflictError,
)
from problemorienterat.infrastructure.store_errors import RETRY_AFTER_SECONDS, store_unavailable
from projections import ViewsNotReadyError
from web.auth import ADMIN_PATH, AdminOnly, LoginRequired, login_url
from web.csrf import FAILED as CSRF_FAILED_DETAIL
from web.messages import CSRF_FAILED, STORE_UNAVAILABLE, domain_message, http_message
from web.rendering import page_context

log = structlog.get_logger("web.errors")

API_PREFIXES = ("/api/", "/schema")
API_PATHS = frozenset({"/api", "/health", "/ready"})

Handler = Callable[[Request[Any, Any, Any], Exception], Response[Any]]


def is_api_path(path: str) -> bool:
    """The API, the health checks and the documentation: not web pages."""
    return path in API_PATHS or path.startswith(API_PREFIXES)


class WebErrorPages(InitPlugin):
    """Wraps every registered exception handler: web paths get a Swedish page."""

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        handlers = dict(app_config.exception_handlers)
        for key in (HTTPException, DomainError, Exception, LoginRequired, AdminOnly):
            handlers.setdefault(key, _reraise)
        app_config.exception_handlers = {
            key: _dispatch(handler) for key, handler in handlers.items()
        }
        return app_config


def _reraise(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    raise error


def _dispatch(api_handler: Handler) -> Handler:
    def handle(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
        if is_api_path(request.url.path):
            return api_handler(request, error)
        return error_page(request, error)

    return handle


def error_page(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """The page for ``error`` on a web path."""
    if isinstance(error, LoginRequired):
        return Redirect(path=login_url(error.next_path), status_code=303)
    if isinstance(error, AdminOnly):
        return Redirect(path=ADMIN_PATH, status_code=303)
    status, title, text = _classify(request, error)
    reload = isinstance(error, VersionConflictError | ConcurrentWriteError)
    return Template(
        template_name="fel.html.j2",
        context={
            **page_context(request),
            "status": status,
            "title": title,
            "text": text,
            "reload": reload,
            "request_id": structlog.contextvars.get_contextvars().get("request_id"),
        },
        status_code=status,
        headers={"Cache-Control": "no-store", **_retry_after(error)},
    )


def _classify(request: Request[Any, Any, Any], error: Exception) -> tuple[int, str, str]:
    if isinstance(error, ForbiddenError):
        return (403, *http_message(403))  # the role's page for a refusal, as for any 403
    if isinstance(error, DomainError):
        status, _ = status_and_title(error)
        if isinstance(error, VersionConflictError):
            status = 409
        title, _ = http_message(status)
        return status, title, domain_message(error)
    if isinstance(error, HTTPException):
        status = error.status_code
        title, text = http_message(status)
        if status == 403 and error.detail == CSRF_FAILED_DETAIL:
            title, text = "Formuläret kunde inte tas emot", CSRF_FAILED
        return status, title, text
    if isinstance(error, ViewsNotReadyError):
        return (503, *http_message(503))
    unavailable = store_unavailable(error)
    if unavailable is not None:
        log.error("store_unavailable", reason=unavailable.reason)
        return (503, *STORE_UNAVAILABLE)
    log.error("unhandled_error", error_type=type(error).__name__, exc_info=error)
    return (500, *http_message(500))


def _retry_after(error: Exception) -> dict[str, str]:
    if isinstance(error, HTTPException) and error.headers:
        return {k: v for k, v in error.headers.items() if k.lower() == "retry-after"}
    if store_unavailable(error) is not None:
        return {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return {}
