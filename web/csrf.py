"""CSRF protection bound to the web session.

Litestar's :class:`~litestar.middleware.csrf.CSRFMiddleware` checks a double-submit cookie:
any token the server ever signed passes, with the matching cookie, whoever's session it
comes with, so an attacker who can plant a cookie (a sibling subdomain, a network that
rewrites plain HTTP) posts with the victim's session and the attacker's own token. Here a
logged-in request's token is an HMAC of its session's random id under the CSRF key: it is
the same for every form of that session, differs for every other session, and no cookie
takes part. Only a request without a session (the login form) keeps the double-submit
cookie, which protects the login itself.
"""

from __future__ import annotations

import hashlib
import hmac
from secrets import compare_digest
from typing import Any

from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.middleware._utils import should_bypass_middleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from web.forms import CSRF_FIELD
from web.session import session_random_id

# Litestar's own words for a refused token, which web.errors recognises, for both paths.
FAILED = "CSRF token verification failed"


def session_csrf_token(secret: str, session_id: str) -> str:
    """The CSRF token of the session with random id ``session_id``."""
    return hmac.new(
        secret.encode(), b"problemorienterat-csrf\0" + session_id.encode(), hashlib.sha256
    ).hexdigest()


class SessionCSRFMiddleware(CSRFMiddleware):
    """Every unsafe request of a session carries that session's token (form field
    ``_csrf_token`` or the configured header); requests without a session fall back to
    Litestar's double-submit cookie. It runs inside the session middleware."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        session_id = session_random_id(scope)
        if (
            scope["type"] != ScopeType.HTTP
            or session_id is None
            or should_bypass_middleware(
                scope=scope,
                scopes=self.scopes,
                exclude_opt_key=self.config.exclude_from_csrf_key,
                exclude_path_pattern=self.exclude,
            )
        ):
            await super().__call__(scope, receive, send)
            return
        token = session_csrf_token(self.config.secret, session_id)
        request: Any = scope["litestar_app"].request_class(scope=scope, receive=receive)
        if request.method not in self.config.safe_methods:
            presented = request.headers.get(self.config.header_name)
            content_type, _ = request.content_type
            if not presented and content_type in {
                RequestEncodingType.URL_ENCODED,
                RequestEncodingType.MULTI_PART,
            }:
                presented = (await request.form()).get(CSRF_FIELD)
            if not isinstance(presented, str) or not compare_digest(presented, token):
                raise PermissionDeniedException(FAILED)
        ScopeState.from_scope(scope).csrf_token = token
        await self.app(scope, receive, send)
