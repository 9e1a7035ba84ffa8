"""The web session: an encrypted cookie holding only the user's id, the login time and a
random session id.

The cookie is sealed with AES-GCM by Litestar's client-side session backend, so every
server process that has the same secret reads it (``serve --workers N``). The secret is
``PROBLEMORIENTERAT_SESSION_SECRET``, else the file ``session.key`` in the data directory,
made on first start with mode 0600. The user is loaded again on every request
(:mod:`web.auth`): a revoked user is out at once. Logging out is recorded on the user
(``User.SessionEnded`` with a digest of the session id), so a copy of the cookie is refused
afterwards by every server process, not only cleared in this browser.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware.base import DefineMiddleware
from litestar.middleware.session import SessionMiddleware
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import Scope

from problemorienterat.config import Settings

SESSION_COOKIE = "po_session"
# With Secure on, the browser takes a cookie of this name only from HTTPS, for the whole
# host (Path=/, no Domain): a sibling subdomain or plain HTTP cannot plant or overwrite it.
HOST_ONLY_PREFIX = "__Host-"
_SECRET_BYTES = 32
_USER_ID = "user_id"
_LOGIN_AT = "login_at"
_SESSION_ID = "sid"
_FLASH = "flash"


def session_secret(settings: Settings | None) -> bytes:
    """The secret the session and CSRF keys are derived from.

    Without ``settings`` (an application built in a test) and without ``SESSION_SECRET``
    in the environment, a random secret for this process only (no secret file).
    """
    configured = (settings or Settings()).session_secret
    if configured is not None:
        return configured.get_secret_value().encode()
    if settings is None:
        return secrets.token_bytes(_SECRET_BYTES)
    return _secret_file(settings.resolved_session_secret_file)


def _secret_file(path: Path) -> bytes:
    """Read the secret file, or make it (0600) if it does not exist yet; processes starting
    together agree on one (the first to create it wins)."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the owner's alone
        secret = base64.b64encode(secrets.token_bytes(_SECRET_BYTES))
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as file:
                file.write(secret + b"\n")
    secret = path.read_bytes().strip()
    if not secret:
        msg = f"The session secret file {path} is empty."
        raise ValueError(msg)
    return secret


def derived_key(secret: bytes, purpose: str) -> bytes:
    """A 32-byte key for one purpose (the session cookie, the CSRF tokens)."""
    return hashlib.sha256(b"problemorienterat-web\0" + purpose.encode() + b"\0" + secret).digest()


def cookie_name(name: str, *, secure: bool) -> str:
    """The name a cookie of the web gets: ``__Host-`` first when it is Secure."""
    return HOST_ONLY_PREFIX + name if secure else name


def session_config(settings: Settings | None, secret: bytes) -> CookieBackendConfig:
    """HttpOnly, SameSite=Lax, Path=/, Secure (and named ``__Host-po_session``) if
    configured; expires after the idle time (every answer renews it)."""
    idle_minutes = settings.session_idle_minutes if settings is not None else 8 * 60
    secure = settings.session_cookie_secure if settings is not None else False
    return CookieBackendConfig(
        secret=derived_key(secret, "session"),
        key=cookie_name(SESSION_COOKIE, secure=secure),
        max_age=idle_minutes * 60,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )


class _SharedBackend(ClientSideSessionBackend):
    """The cookie backend, shared (not copied) by the routers that use it: its AES-GCM
    cipher cannot be deep-copied, as Litestar copies a router's middleware arguments."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _SharedBackend:
        return self


def session_middleware(config: CookieBackendConfig) -> DefineMiddleware:
    """The session middleware of the web routers."""
    return DefineMiddleware(SessionMiddleware, backend=_SharedBackend(config=config))


def new_session_id() -> str:
    """The random id of a session about to begin (see :func:`start_session`)."""
    return secrets.token_urlsafe(24)


def start_session(
    connection: ASGIConnection[Any, Any, Any, Any], user_id: str, session_id: str | None = None
) -> None:
    """Log the user in: a new session with only their id, the time and a random id (that
    of :func:`new_session_id`, when the sign-in was recorded under its digest first)."""
    connection.set_session(
        {
            _USER_ID: user_id,
            _LOGIN_AT: datetime.now(UTC).isoformat(timespec="seconds"),
            _SESSION_ID: session_id or new_session_id(),
        }
    )


def end_session(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """Clear the session cookie in the answer (logging out also records the end, see
    :func:`web.pages.login.log_out`)."""
    connection.clear_session()


def session_user_id(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The logged-in user's id, if the request carries a valid session."""
    session = connection.scope.get("session")
    if not isinstance(session, dict):
        return None
    user_id = session.get(_USER_ID)
    return user_id if isinstance(user_id, str) and session_digest(connection) else None


def session_digest(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """A digest of the session's random id (what logging out records; never the id)."""
    sid = session_random_id(connection.scope)
    return None if sid is None else digest_of_session(sid)


def digest_of_session(session_id: str) -> str:
    """The digest recorded for the session with random id ``session_id``."""
    return hashlib.sha256(b"problemorienterat-session\0" + session_id.encode()).hexdigest()


def session_random_id(scope: Scope) -> str | None:
    """The random id of the request's session, if it has one (the CSRF token is derived
    from it; never shown or logged)."""
    session = scope.get("session")
    sid = session.get(_SESSION_ID) if isinstance(session, dict) else None
    return sid if isinstance(sid, str) and sid else None


def flash(connection: ASGIConnection[Any, Any, Any, Any], text: str, kind: str = "status") -> None:
    """A message (Swedish) shown once on the next page: ``kind`` ``status`` or ``alert``."""
    session = connection.scope.get("session")
    if isinstance(session, dict):
        session.setdefault(_FLASH, []).append({"kind": kind, "text": text})


def take_flashes(connection: ASGIConnection[Any, Any, Any, Any]) -> list[dict[str, str]]:
    """The messages waiting for this page; they are shown once."""
    session = connection.scope.get("session")
    if not isinstance(session, dict):
        return []
    return list(session.pop(_FLASH, []))
