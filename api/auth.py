"""Authentication: a bearer token names the user; every API route but health, ready and
the docs requires one.

The token is looked up by its hash (see :mod:`problemorienterat.domain.user`); the user
found becomes the request's :class:`~problemorienterat.contracts.principal.Principal`, and
the actor recorded on every event.
"""

from __future__ import annotations

from litestar.concurrency import sync_to_thread
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.types import ASGIApp, Receive, Scope, Send

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.principal import Principal

_MAX_TOKEN_LENGTH = 200
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="problemorienterat"'}


class RequireToken:
    """Route middleware of every API route: the request carries the bearer token of an active
    user, or it is 401. It runs after routing (an unknown path is still 404) and before the
    body is read. A middleware rather than a Litestar guard: Litestar hands each guard a
    copy of the route handler, made anew for every request (a tenth of the authentication's
    cost)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP:
            if scope["litestar_app"].state.application.reads_over_network:
                await sync_to_thread(authenticate, scope)
            else:
                authenticate(scope)
        await self.app(scope, receive, send)


def authenticate(scope: Scope) -> None:
    """Put the request's principal in its scope, or raise 401."""
    header = next((v for k, v in scope["headers"] if k == b"authorization"), b"")
    token = _bearer_token(header.decode("latin-1"))
    if token is None:
        raise NotAuthorizedException("Ange en giltig bearer-token.", headers=_CHALLENGE)
    application: ProblemorienteratApp = scope["litestar_app"].state.application
    # Cheap indexed reads: run on the loop, since a worker thread's hand-over costs more.
    user = application.authenticate(token)
    if user is None:
        raise NotAuthorizedException("Ange en giltig bearer-token.", headers=_CHALLENGE)
    state = scope.setdefault("state", {})
    state["principal"] = Principal.of(user)
    state["user_id"] = user.user_id  # for the request log line


def provide_principal(scope: Scope) -> Principal:
    principal: Principal = scope["state"]["principal"]
    return principal


def _bearer_token(header: str) -> str | None:
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    return token
