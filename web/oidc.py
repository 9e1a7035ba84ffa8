"""Sign-in through an OpenID Provider: the authorization code flow with PKCE (S256), by authlib.

:func:`begin` makes the provider's authorization address (discovered from the issuer's
``/.well-known/openid-configuration``) with a fresh ``state``, ``nonce`` and PKCE verifier,
which wait in the sealed session cookie until the browser comes back. :func:`finish` checks
that the answer carries that ``state``, trades the code (with the verifier) for tokens, and
has authlib check the ID token: its signature against the provider's published keys
(fetched again when a key is unknown), the issuer, the audience (our client id), the expiry
and the nonce. What it returns is the provider's word on who signed in; whether that person
may use the tracker is decided by the application
(:meth:`~problemorienterat.application.users.UserUseCases.sign_in_with_identity`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from secrets import compare_digest
from typing import Any, Literal

import httpx
from authlib.integrations.base_client import BaseApp, OAuthError
from authlib.integrations.base_client.async_app import AsyncOAuth2Mixin
from authlib.integrations.base_client.async_openid import AsyncOpenIDMixin
from authlib.integrations.httpx_client import AsyncOAuth2Client
from litestar.connection import ASGIConnection

from problemorienterat.config import OidcProvider

_PENDING = "oidc"
# The provider's metadata and keys are read again after this long (a key it rotated in is
# also fetched at once, when an ID token names it).
_REFRESH_SECONDS = 3600.0
_LEEWAY_SECONDS = 60
# The provider could not be reached, or answered with an error or something not JSON.
_UNREACHABLE = (OAuthError, httpx.HTTPError, OSError, ValueError, KeyError, RuntimeError)
_TIMEOUT_SECONDS = 10.0

Failure = Literal["state", "denied", "token", "provider"]
"""Why the provider's answer is refused: not the ``state`` this browser was sent with, the
person cancelled at the provider, the ID token did not pass, or the provider could not be
reached or answered nonsense."""


class SignInFailed(Exception):
    """The answer from the provider is refused (``reason`` says why; never personal data)."""

    def __init__(self, reason: Failure) -> None:
        super().__init__(reason)
        self.reason: Failure = reason


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in: its issuer, their subject, and the value of the
    provider's ``user_claim`` when that is not ``sub`` (an e-mail address)."""

    issuer: str
    subject: str
    email: str | None
    next_path: str | None


class _Client(AsyncOAuth2Mixin, AsyncOpenIDMixin, BaseApp):  # type: ignore[misc]
    """authlib's asynchronous OpenID Connect client over httpx (the framework-free parts of
    its Starlette integration)."""

    client_cls = AsyncOAuth2Client


_clients: dict[tuple[str, str, str], tuple[float, _Client]] = {}


def _client(provider: OidcProvider) -> _Client:
    """The provider's client, with its metadata and keys cached for ``_REFRESH_SECONDS``."""
    key = (provider.id, provider.issuer, provider.client_id)
    now = time.monotonic()
    cached = _clients.get(key)
    if cached is not None and now - cached[0] < _REFRESH_SECONDS:
        return cached[1]
    client = _Client(
        framework=None,
        name=provider.id,
        client_id=provider.client_id,
        client_secret=provider.secret(),
        server_metadata_url=provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": " ".join(provider.scopes),
            "code_challenge_method": "S256",
            "timeout": _TIMEOUT_SECONDS,
        },
    )
    _clients[key] = (now, client)
    return client


async def begin(
    connection: ASGIConnection[Any, Any, Any, Any],
    provider: OidcProvider,
    redirect_uri: str,
    next_path: str | None,
) -> str:
    """The provider's authorization address for a new sign-in; the session now also holds
    what the answer is checked against (a session already there stays until the answer
    comes: a link to here from elsewhere logs nobody out)."""
    try:
        started: dict[str, str] = await _client(provider).create_authorization_url(redirect_uri)
    except _UNREACHABLE as error:
        raise SignInFailed("provider") from error
    session = connection.scope.get("session")
    kept = dict(session) if isinstance(session, dict) else {}
    kept[_PENDING] = {
        "provider": provider.id,
        "state": started["state"],
        "nonce": started["nonce"],
        "verifier": started["code_verifier"],
        "redirect_uri": redirect_uri,
        "next": next_path or "",
    }
    connection.set_session(kept)
    return started["url"]


async def finish(
    connection: ASGIConnection[Any, Any, Any, Any],
    provider: OidcProvider,
    query: dict[str, str],
) -> Identity:
    """Check the provider's answer (the callback's query) and return who signed in; the
    pending sign-in is used up whatever the outcome."""
    session = connection.scope.get("session")
    pending = session.pop(_PENDING, None) if isinstance(session, dict) else None
    if query.get("error"):  # cancelled (or refused) at the provider: nothing to check
        raise SignInFailed("denied")
    state = query.get("state", "")
    if (
        not isinstance(pending, dict)
        or pending.get("provider") != provider.id
        or not state
        or not compare_digest(state.encode(), str(pending.get("state", "")).encode())
    ):
        raise SignInFailed("state")
    if not query.get("code"):
        raise SignInFailed("denied")
    client = _client(provider)
    try:
        token = await client.fetch_access_token(
            redirect_uri=pending["redirect_uri"],
            code=query["code"],
            code_verifier=pending["verifier"],
        )
    except _UNREACHABLE as error:
        raise SignInFailed("provider") from error
    claims = await validated_id_token(client, provider, token, str(pending["nonce"]))
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise SignInFailed("token")
    email: str | None = None
    if not provider.by_subject:
        value = claims.get(provider.user_claim)
        verified = claims.get("email_verified", True) if provider.user_claim == "email" else True
        email = value if isinstance(value, str) and verified is not False else None
    return Identity(provider.issuer, subject, email, str(pending.get("next") or "") or None)


async def validated_id_token(
    client: _Client, provider: OidcProvider, token: dict[str, Any], nonce: str
) -> dict[str, Any]:
    """The ID token's claims, once authlib has checked its signature against the provider's
    keys, its issuer, audience, expiry (a minute's leeway), nonce and ``at_hash``."""
    if not isinstance(token, dict) or not isinstance(token.get("id_token"), str):
        raise SignInFailed("token")
    try:
        claims = await client.parse_id_token(
            token,
            nonce=nonce,
            claims_options={
                "iss": {"essential": True, "value": provider.issuer},
                "aud": {"essential": True, "value": provider.client_id},
            },
            leeway=_LEEWAY_SECONDS,
        )
    except _UNREACHABLE as error:
        raise SignInFailed("provider") from error
    except Exception as error:  # joserfc's and authlib's many refusals of a token
        raise SignInFailed("token") from error
    if claims is None:
        raise SignInFailed("token")
    return dict(claims)
