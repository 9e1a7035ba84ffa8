"""Authentication: a bearer token names the user; every API route but health, ready and
the docs requires one. Besides the tokens made here (for integrations), the access tokens
of a configured OpenID Provider are accepted (:mod:`api.provider_tokens`).

The token is looked up by its hash (see :mod:`problemorienterat.domain.user`); the user
found becomes the request's :class:`~problemorienterat.contracts.principal.Principal`, and
the actor recorded on every event.
"""

from __future__ import annotations

from uuid import UUID

from litestar.concurrency import sync_to_thread
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.types import ASGIApp, Receive, Scope, Send

from api.provider_tokens import MAX_JWT_LENGTH, ProviderTokens
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.user import User

_MAX_TOKEN_LENGTH = 200
_UNCONFIRMED_USER = "unconfirmed_user_id"
# In a route handler's options: it confirms the request's user itself (see RequireToken).
CONFIRMS_USER = "confirms_user"
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="problemorienterat"'}


class RequireToken:
    """Route middleware of every API route: the request carries the bearer token of an active
    user, or it is 401. It runs after routing (an unknown path is still 404) and before the
    body is read. A middleware rather than a Litestar guard: Litestar hands each guard a
    copy of the route handler, made anew for every request (a tenth of the authentication's
    cost).

    A command whose token this process has authenticated before is the exception: its
    route handler confirms the user in the same read of the store as the object the command
    changes (:meth:`api.commands.Command.problem`), or with a read of its own before it
    does anything (:attr:`api.commands.Command.principal`). A revoked user's command is
    still 401 and records nothing, but its headers and body are checked first (a malformed
    one is 400 as for anyone). It saves a round trip to the store and a hand-over to a
    worker thread on every command: 500 → 620 commands/s at 16 clients on PostgreSQL
    (``bench/README.md``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and not _left_to_the_command(scope):
            state = scope["litestar_app"].state
            if state.application.reads_over_network or _provider_token(scope):
                await sync_to_thread(authenticate, scope)
            else:
                authenticate(scope)
        await self.app(scope, receive, send)


def authenticate(scope: Scope) -> None:
    """Put the request's principal in its scope, or raise 401."""
    token = _bearer_token(_authorization(scope))
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
    confirm(scope, user)


def confirm(scope: Scope, user: User | None) -> Principal:
    """Make the active ``user`` (None: unknown or revoked) the request's principal, or
    raise 401."""
    if user is None:
        raise NotAuthorizedException("Ange en giltig bearer-token.", headers=_CHALLENGE)
    principal = Principal.of(user)
    state = scope.setdefault("state", {})
    state["principal"] = principal
    state["user_id"] = user.user_id  # for the request log line
    return principal


def unconfirmed_user(scope: Scope) -> UUID | None:
    """The user a command's token led to before, still to be confirmed by the command
    (see :class:`RequireToken`); None when the request's principal is already confirmed."""
    state = scope["state"]
    if "principal" in state:
        return None
    user_id: UUID = state[_UNCONFIRMED_USER]
    return user_id


def _left_to_the_command(scope: Scope) -> bool:
    """Whether the route handler confirms the user itself (see :class:`RequireToken`): a
    command route (``confirms_user`` in its options) that is not handed the principal, and
    a token that led to a user in this process before."""
    handler = scope["route_handler"]
    if not handler.opt.get(CONFIRMS_USER) or "principal" in handler.parsed_fn_signature.parameters:
        return False
    token = _bearer_token(_authorization(scope))
    if token is None or len(token) > _MAX_TOKEN_LENGTH:
        return False
    application: ProblemorienteratApp = scope["litestar_app"].state.application
    user_id = application.remembered_user_id(token)
    if user_id is None:
        return False
    scope.setdefault("state", {})[_UNCONFIRMED_USER] = user_id
    return True


def provide_principal(scope: Scope) -> Principal:
    principal: Principal = scope["state"]["principal"]
    return principal


def _provider_token(scope: Scope) -> bool:
    """Whether the request carries a token in JWT form for a configured provider to vouch
    for (checked off the event loop: its keys may have to be fetched)."""
    if scope["litestar_app"].state.get("provider_tokens") is None:
        return False
    return _authorization(scope).count(".") == 2


def _authorization(scope: Scope) -> str:
    header = next((v for k, v in scope["headers"] if k == b"authorization"), b"")
    return header.decode("latin-1")


def _bearer_token(header: str) -> str | None:
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_JWT_LENGTH:
        return None
    return token
