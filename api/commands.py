"""What every command endpoint shares: the actor, ``If-Match``, ``Idempotency-Key`` and the
answer (``CommandAccepted`` with the new version, also sent as ``ETag``).

A route handler stays three lines: find and authorise the object, call one use case with
``command.actor`` and ``command.expected_version``, hand the result to :meth:`Command.answer`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request, Response, post
from litestar.datastructures import ResponseHeader
from litestar.exceptions import ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import Operation, Parameter, Schema
from litestar.openapi.spec.enums import OpenAPIType
from pydantic import BaseModel

from api.auth import CONFIRMS_USER, confirm, unconfirmed_user
from api.documented import COMMAND
from problemorienterat.application import CommandResult, ProblemorienteratApp
from problemorienterat.contracts.policy import (
    WRITERS,
    check_group_object,
    hidden,
    refuse_admin,
    visible,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Actor, Role
from problemorienterat.domain.problem import Problem

IDEMPOTENCY_KEY = "Idempotency-Key"
IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]{1,200}$"
IF_MATCH_PATTERN = r'^(\*|(W/)?"?[0-9]{1,18}"?)$'
_SAFE_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,18})"?$')


@dataclass(frozen=True)
class CommandAccepted:
    """The command was recorded: the aggregate's new version and the log position of its
    last event (pass it as ``min_position`` to a view to read your own write)."""

    id: UUID
    version: int
    position: int
    item_id: UUID | None = None

    @classmethod
    def of(cls, result: CommandResult) -> CommandAccepted:
        return cls(
            id=result.aggregate_id,
            version=result.version,
            position=result.position,
            item_id=result.item_id,
        )


class Command:
    """One command request: who sends it, on which version, under which key."""

    def __init__(
        self,
        request: Request[Any, Any, Any],
        application: ProblemorienteratApp,
        principal: Principal | None,
        unconfirmed_user: UUID | None = None,
    ) -> None:
        self.request = request
        self.application = application
        self._principal = principal
        self._unconfirmed_user = unconfirmed_user
        self.expected_version = _expected_version(request.headers.get("if-match"))
        self.key = _idempotency_key(request.headers.get(IDEMPOTENCY_KEY.lower()))
        self._checked: list[Problem] = []

    @property
    def principal(self) -> Principal:
        """The authenticated user. A user the middleware left to the command
        (:class:`api.auth.RequireToken`) is read and confirmed here first, or 401."""
        if self._principal is None:
            user_id = self._unconfirmed_user
            user = None if user_id is None else self.application.active_user(str(user_id))
            self._principal = confirm(self.request.scope, user)
        return self._principal

    @property
    def actor(self) -> Actor:
        """The authenticated user, recorded on the events (never a value from the body)."""
        return self.principal.actor

    def problem(self, reference: str, roles: frozenset[Role] = WRITERS) -> Problem:
        """The problem with that reference, if this user may act on it with ``roles``."""
        # The problem and its group (whose members may act on it) in one read of the store,
        # and the user too when it is still to be confirmed.
        if self._principal is None and self._unconfirmed_user is not None:
            user, found, group = self.application.find_problem_for_user(
                self._unconfirmed_user, reference
            )
            self._principal = confirm(self.request.scope, user)
            refuse_admin(self._principal)
            if found is None:
                raise hidden()
            problem = found
        else:
            refuse_admin(self.principal)
            problem, group = visible(lambda: self.application.find_problem_with_group(reference))
        with self.application.reusing(*[g for g in (group,) if g is not None]):
            check_group_object(
                self.application,
                self.principal,
                municipality=problem.municipality,
                group_id=problem.group_id,
                roles=roles,
            )
        self._checked.append(problem)
        return problem

    def answer(
        self,
        data: BaseModel | None,
        use_case: Callable[[], CommandResult],
        *,
        location: Callable[[CommandResult], str] | None = None,
    ) -> Response[CommandAccepted]:
        """Run ``use_case`` (once per idempotency key) and answer with its result, in the
        route's status (:func:`command`): a creation answers 201 with ``Location``, the URL of
        what it created (``location``), or, for an item inside an object, the URL of that
        object (the request's path without its last segment)."""
        principal = self.principal  # confirmed before anything is recorded
        with self.application.reusing(*self._checked):  # not loaded a second time
            if self.key is None:
                result = use_case()
            else:
                result = self.application.run_idempotently(
                    principal.user_id, self.key, self._request_hash(data), use_case
                )
        status_code = self.request.route_handler.status_code or 200
        headers = {"ETag": f'"{result.version}"'}
        if status_code == 201:
            headers["Location"] = (
                location(result) if location is not None else holder_of(self.request.url.path)
            )
        return Response(CommandAccepted.of(result), status_code=status_code, headers=headers)

    def _request_hash(self, data: BaseModel | None) -> str:
        body = data.model_dump_json() if data is not None else ""
        text = f"{self.request.method}\n{self.request.url.path}\n{self.expected_version}\n{body}"
        return hashlib.sha256(text.encode()).hexdigest()


def holder_of(path: str) -> str:
    """The URL of the object an item was added to: ``/api/v1/problems/KUN-2026-0001`` for
    ``/api/v1/problems/KUN-2026-0001/findings``."""
    return path.rstrip("/").rsplit("/", 1)[0]


_IF_MATCH = Parameter(
    name="If-Match",
    param_in="header",
    required=False,
    description=(
        'The ETag of the object as last read (its version, e.g. `"3"`): the command is '
        "412 and records nothing if the object has changed since. `*` or no header: any version."
    ),
    schema=Schema(type=OpenAPIType.STRING, pattern=IF_MATCH_PATTERN),
)
_IDEMPOTENCY_KEY = Parameter(
    name=IDEMPOTENCY_KEY,
    param_in="header",
    required=False,
    description=(
        "Makes a retry safe: the same key (per user) with the same request answers as the "
        "first time and records nothing; with another request it is 422."
    ),
    schema=Schema(type=OpenAPIType.STRING, pattern=IDEMPOTENCY_KEY_PATTERN),
)
_ETAG_HEADER = ResponseHeader(
    name="ETag",
    documentation_only=True,
    required=True,
    description="The object's new version; send it as If-Match with the next command.",
)
_LOCATION_HEADER = ResponseHeader(
    name="Location",
    documentation_only=True,
    required=True,
    description=(
        "The URL of what the command created; for an item inside an object (a finding, an "
        "action, a member …) the URL of that object."
    ),
)


@dataclass
class CommandOperation(Operation):
    """The OpenAPI operation of a command: ``If-Match`` and ``Idempotency-Key`` are request
    headers it takes."""

    def __post_init__(self) -> None:
        declared = {getattr(p, "name", None) for p in self.parameters or []}
        self.parameters = [
            *(self.parameters or []),
            *(p for p in (_IF_MATCH, _IDEMPOTENCY_KEY) if p.name not in declared),
        ]


def command_route(
    path: str,
    *,
    summary: str,
    creates: bool = False,
    method: Callable[..., HTTPRouteHandler] = post,
    **options: Any,
) -> HTTPRouteHandler:
    """The route decorator of every command (``method`` is ``post`` or ``delete``).

    The rule of the whole API: a command that creates something, an object or an item inside
    one (``item_id``), answers **201** with ``Location``; every other command **200**. Both
    carry the new version as ``ETag``; the error answers are :data:`api.documented.COMMAND`.
    """
    headers = [_ETAG_HEADER, _LOCATION_HEADER] if creates else [_ETAG_HEADER]
    return method(
        path,
        summary=summary,
        status_code=201 if creates else 200,
        sync_to_thread=True,
        responses=COMMAND,
        response_headers=headers,
        operation_class=CommandOperation,
        **{CONFIRMS_USER: True, **options},
    )


def provide_command(request: Request) -> Command:  # type: ignore[type-arg]
    """The command of a request, built from the request alone: a dependency with dependencies
    of its own makes Litestar resolve them in an anyio task group on every request (7 % of a
    command's CPU time under 16 clients, measured with py-spy)."""
    application: ProblemorienteratApp = request.app.state.application
    unconfirmed = unconfirmed_user(request.scope)
    principal = None if unconfirmed is not None else request.scope["state"]["principal"]
    return Command(request, application, principal, unconfirmed)


def _expected_version(header: str | None) -> int | None:
    if header is None or header.strip() == "*":
        return None
    match = _ETAG.match(header.strip())
    if match is None:
        raise _bad_header("If-Match", 'If-Match must be an ETag from a GET, e.g. "3".')
    return int(match.group(1))


def _idempotency_key(header: str | None) -> str | None:
    if header is None:
        return None
    if not _SAFE_KEY.match(header):
        raise _bad_header(IDEMPOTENCY_KEY, "Idempotency-Key must be 1–200 visible characters.")
    return header


def _bad_header(name: str, message: str) -> ValidationException:
    return ValidationException(
        detail=message, extra=[{"key": name, "source": "header", "message": message}]
    )
