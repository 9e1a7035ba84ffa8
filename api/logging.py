"""Logging: structlog renders our own lines and the standard library's (uvicorn, litestar).

JSON lines when stderr is not a terminal, readable console lines when it is. Every request
gets one line (method, route template, user id, status, duration) carrying its request id,
which is bound with ``structlog.contextvars`` for every line logged while it is handled and
returned in the ``X-Request-Id`` header. Bodies, query strings and headers are never logged:
they may hold personal data.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from uuid import uuid4

import structlog
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware

from api.metrics import observe_request

if TYPE_CHECKING:
    from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send
    from structlog.typing import Processor

REQUEST_ID_HEADER = "X-Request-Id"
_HANDLER_NAME = "problemorienterat"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

_REQUEST_LOGGER = "api.requests"
_STATE_KEY = "_request_log"  # the request's _Request in the scope state


class _LinesToStderr:
    """structlog's output for the request lines: rendered text straight to whatever
    ``sys.stderr`` is when a line is written (test runners replace it)."""

    def msg(self, message: str) -> None:
        sys.stderr.write(message + "\n")

    info = warning = error = msg


def _add_request_logger_name(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    event["logger"] = _REQUEST_LOGGER
    return event


class _RequestLog:
    """The logger of the request lines, made by :func:`configure_logging`."""

    def __init__(self) -> None:
        self.logger: Any = structlog.get_logger(_REQUEST_LOGGER)


_request_log = _RequestLog()


def configure_logging(*, json_lines: bool | None = None, level: int = logging.INFO) -> None:
    """Send structlog and standard-library logging through one renderer on stderr.

    Safe to call more than once: it replaces only the handler it installed itself.
    """
    as_json = not sys.stderr.isatty() if json_lines is None else json_lines
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    rendering: list[Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if as_json:
        rendering += [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    else:
        rendering.append(structlog.dev.ConsoleRenderer())
    handler = _StderrHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(foreign_pre_chain=shared, processors=rendering)
    )
    # The request line, written on every request, skips the standard library's logging
    # machinery (costly under load) and renders the same fields.
    _request_log.logger = structlog.wrap_logger(
        _LinesToStderr(),
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            _add_request_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            *rendering[1:],
        ],
        cache_logger_on_first_use=True,
    )
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if h.get_name() != _HANDLER_NAME] + [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # Our request line is the access log. uvicorn's own would be a second line per request,
    # carrying the path with its query string (which may name a person searched for); uvicorn
    # writes it only if the logger has a handler, here or above it, so it gets none.
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record arrives (test runners replace it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


class RequestLogging(ASGIMiddleware):
    """Binds the request id (``structlog.contextvars``) for every request a route handles.

    :func:`add_request_id` writes the request's line when its answer ends. An error raised
    out of the route (its middleware refusing the request) is answered by the application's
    exception handler after this returns; otherwise a route that sent nothing is logged here
    with status 500.
    """

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request = _begin(scope)
        await next_app(scope, receive, send)
        _finish(cast("HTTPScope", scope), request)


async def begin_unrouted(_error: BaseException, scope: Scope) -> None:
    """``after_exception`` hook: a request the router answers itself (unknown path, method
    not allowed) passes no route middleware, so it begins here, before its error answer."""
    if scope["type"] == ScopeType.HTTP and _STATE_KEY not in scope["state"]:
        _begin(scope)


async def add_request_id(message: Message, scope: Scope) -> None:
    """``before_send`` hook: the request id header on every answer, and the request's line
    when the answer's last part goes out."""
    if scope["type"] != ScopeType.HTTP:
        return
    request: _Request | None = scope["state"].get(_STATE_KEY)
    if message["type"] == "http.response.start":
        if request is None:
            request = _begin(scope)
        request.status = message["status"]
        MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request.request_id
    elif (
        message["type"] == "http.response.body"
        and not message.get("more_body", False)
        and request is not None
    ):
        _finish(scope, request)


@dataclass
class _Request:
    request_id: str
    started: float
    status: int = 500  # what the server answers if the application sends nothing
    logged: bool = False


def _begin(scope: Scope) -> _Request:
    request = _Request(_request_id(scope), time.perf_counter())
    scope["state"][_STATE_KEY] = request
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request.request_id)
    return request


def _finish(scope: HTTPScope, request: _Request) -> None:
    """Write the request's line (once) and unbind its context."""
    if request.logged:
        return
    request.logged = True
    seconds = time.perf_counter() - request.started
    route = scope.get("path_template")
    _request_log.logger.info(
        "request",
        method=scope["method"],
        route=route,
        user_id=scope["state"].get("user_id"),
        status=request.status,
        duration_ms=round(seconds * 1000, 1),
    )
    observe_request(scope["method"], route, request.status, seconds)
    structlog.contextvars.clear_contextvars()


def _request_id(scope: Scope) -> str:
    """The caller's (or proxy's) request id if it is a plain token, otherwise a new one."""
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _SAFE_REQUEST_ID.match(candidate):
                return candidate
    return uuid4().hex
