"""Authentication: a bearer token names the user; every API route but health, ready and
the docs requires one. Besides the tokens made here (for integrations), the access tokens
of a configured OpenID Provider are accepted (:mod:`api.provider_tokens`).

The token is looked up by its hash (see :mod:`problemorienterat.domain.user`); the user
found becomes the request's :class:`~problemorienterat.contracts.principal.Principal`, and
the actor recorded on every event.
"""

from __future__ import annotations

from litestar.concurrency import sync_to_thread
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.types import ASGIApp, Receive, Scope, Send

from api.provider_tokens import MAX_JWT_LENGTH, ProviderTokens
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
            state = scope["litestar_app"].state
            if state.application.reads_over_network or _provider_token(scope):
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
    user = application.authenticate(token) if len(token) <= _MAX_TOKEN_LENGTH else None
    provider_tokens = scope["litestar_app"].state.get("provider_tokens")
    if user is None and isinstance(provider_tokens, ProviderTokens):
        found = provider_tokens.subject_of(token)
        if found is not None:
            user = application.user_of_identity(found.issuer, found.subject)
    if user is None:
        raise NotAuthorizedException("Ange en giltig bearer-token.", headers=_CHALLENGE)
    state = scope.setdefault("state", {})
    state["principal"] = Principal.of(user)
    state["user_id"] = user.user_id  # for the request log line


def provide_principal(scope: Scope) -> Principal:
    principal: Principal = scope["state"]["principal"]
    return principal


def _provider_token(scope: Scope) -> bool:
    """Whether the request carries a token in JWT form for a configured provider to vouch
    for (checked off the event loop: its keys may have to be fetched)."""
    if scope["litestar_app"].state.get("provider_tokens") is None:
        return False
    header = next((v for k, v in scope["headers"] if k == b"authorization"), b"")
    return header.count(b".") == 2


def _bearer_token(header: str) -> str | None:
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_JWT_LENGTH:
        return None
    return token
