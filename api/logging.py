"""Logging: structlog renders our own lines and the standard library's (uvicorn, litestar).

JSON lines when stderr is not a terminal, readable console lines when it is. Every request
gets one line (method, route template, user id, status, duration) carrying its request id,
which is also returned in the ``X-Request-Id`` header. Bodies, query strings and headers are never
logged: they may hold personal data.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import structlog
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Message, Receive, Scope, Send
    from structlog.typing import Processor

REQUEST_ID_HEADER = "X-Request-Id"
_HANDLER_NAME = "problemorienterat"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

_REQUEST_LOGGER = "api.requests"


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
    # The request line, written once per request, skips the standard library's logging
    # machinery (a tenth of a command's CPU time under load) and renders the same fields.
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


class RequestLogging:
    """ASGI middleware around the whole application: a request id and one log line per request.

    It wraps the application's outermost handler rather than sitting in the route middleware,
    because route middleware never sees requests the router answers itself (unknown path,
    method not allowed).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        started = time.perf_counter()
        status = 500  # what the server answers if the application sends nothing

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_request_id)
            finally:
                _request_log.logger.info(
                    "request",
                    method=scope["method"],
                    route=scope.get("path_template"),
                    user_id=(scope.get("state") or {}).get("user_id"),
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 1),
                )


def _request_id(scope: Scope) -> str:
    """The caller's (or proxy's) request id if it is a plain token, otherwise a new one."""
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _SAFE_REQUEST_ID.match(candidate):
                return candidate
    return uuid4().hex
