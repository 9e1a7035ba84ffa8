"""The request rate limit: ``RATE_LIMIT_PER_MINUTE`` requests per user, or per client
address for requests that carry no credentials this process has seen accepted.

Who is asking is known only after authentication, which runs after this middleware (per
route, see :mod:`api.auth` and :mod:`web.auth`). So the middleware learns it: when a request
with a bearer token or a session cookie has been answered for a user, the digest of that
credential is remembered with the user's id (in memory, the newest ``KNOWN_CREDENTIALS``),
and the next request carrying it counts for the user. Anything else counts for the
address: a forged token or cookie, new on every request, gains nothing. The session cookie
is renewed by every answer, so the digest of the cookie sent back is learned too.

The client address is the connection's peer, unless the server was told to trust proxy
headers from named proxies (``PROBLEMORIENTERAT_TRUSTED_PROXIES``, applied by uvicorn before
this runs): then it is the address the nearest trusted proxy forwarded.

Counts are shared by every process serving the store (:mod:`.rate_counts`). A refused
request is a 429 problem with ``Retry-After``: the seconds until the window ends.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

from litestar.enums import ScopeType
from litestar.exceptions import TooManyRequestsException
from litestar.middleware import DefineMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from problemorienterat.config import Settings

KNOWN_CREDENTIALS = 10_000
EXEMPT_PATHS = frozenset({"/health", "/ready"})
_AUTHORIZATION = b"authorization"
_COOKIE = b"cookie"
_SET_COOKIE = b"set-cookie"


def rate_limit(settings: Settings, *, session_cookie: str = "session") -> DefineMiddleware | None:
    """``RATE_LIMIT_PER_MINUTE`` per user or client address; None when it is 0 or less."""
    if settings.rate_limit_per_minute <= 0:
        return None
    return DefineMiddleware(
        RateLimitMiddleware,
        limit=RateLimit(settings.rate_limit_per_minute, session_cookie=session_cookie),
    )


class RateLimit:
    """The limit and what this process has learned of credentials (one object for every
    route: Litestar copies middleware arguments, so copying returns it itself)."""

    def __init__(self, per_minute: int, *, session_cookie: str = "session") -> None:
        self.per_minute = per_minute
        self._cookie_prefix = f"{session_cookie}=".encode()
        self._set_cookie_prefix = self._cookie_prefix
        self._known: OrderedDict[bytes, str] = OrderedDict()
        self._lock = threading.Lock()

    def __deepcopy__(self, memo: dict[int, Any]) -> RateLimit:
        return self

    def credentials(self, scope: Scope) -> list[bytes]:
        """Digests of the credentials the request carries (its bearer token, its session
        cookie)."""
        found = []
        for name, value in scope["headers"]:
            if name == _AUTHORIZATION:
                found.append(_digest(b"a", value))
            elif name == _COOKIE:
                cookie = self._session_cookie(value)
                if cookie:
                    found.append(_digest(b"c", cookie))
        return found

    def key(self, scope: Scope, credentials: list[bytes]) -> str:
        """``user:<id>`` for a credential seen accepted, else ``address:<client address>``."""
        with self._lock:
            for credential in credentials:
                user_id = self._known.get(credential)
                if user_id is not None:
                    self._known.move_to_end(credential)
                    return f"user:{user_id}"
        client = scope.get("client")
        return f"address:{client[0] if client else 'unknown'}"

    def learn(self, user_id: str, credentials: list[bytes]) -> None:
        with self._lock:
            for credential in credentials:
                self._known[credential] = user_id
                self._known.move_to_end(credential)
            while len(self._known) > KNOWN_CREDENTIALS:
                self._known.popitem(last=False)

    def renewed_cookie(self, message: Message) -> bytes | None:
        """The digest of the session cookie an answer sets, if it sets one."""
        if message["type"] != "http.response.start":
            return None
        for name, value in message.get("headers", ()):
            if name.lower() == _SET_COOKIE and value.startswith(self._set_cookie_prefix):
                cookie = value[len(self._set_cookie_prefix) :].split(b";", 1)[0]
                if cookie and cookie not in {b'""', b"null"}:
                    return _digest(b"c", cookie)
        return None

    def _session_cookie(self, header: bytes) -> bytes | None:
        for part in header.split(b";"):
            cookie = part.strip()
            if cookie.startswith(self._cookie_prefix):
                return cookie[len(self._cookie_prefix) :]
        return None


class RateLimitMiddleware:
    """Refuses a request over its key's limit with 429 and ``Retry-After``; learns who an
    answered request's credentials belong to."""

    def __init__(self, app: ASGIApp, limit: RateLimit) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        limit = self.limit
        credentials = limit.credentials(scope)
        key = limit.key(scope, credentials)
        counts = scope["litestar_app"].state.application.rate_counts
        retry_after = counts.take(key, limit.per_minute)
        if retry_after is not None:
            raise TooManyRequestsException(
                detail="För många förfrågningar: vänta tills gränsen för minuten har passerat.",
                headers={"Retry-After": str(retry_after)},
            )
        if not credentials:
            await self.app(scope, receive, send)
            return
        renewed: list[bytes] = []

        async def sending(message: Message) -> None:
            cookie = limit.renewed_cookie(message)
            if cookie is not None:
                renewed.append(cookie)
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            user_id = scope.get("state", {}).get("user_id")
            if isinstance(user_id, str) and user_id:
                limit.learn(user_id, credentials + renewed)


def _digest(kind: bytes, value: bytes) -> bytes:
    return hashlib.blake2b(value, digest_size=16, person=kind).digest()
