"""Who is logged in: the guard every page (but login) runs behind, and what it provides.

The guard loads the session's user again on every request (a revoked or unknown user is
logged out and sent to the login page), builds the same
:class:`~problemorienterat.contracts.principal.Principal` the API uses (so pages reuse
:mod:`problemorienterat.contracts.policy` and record the user as the actor of every command),
and finds the member's working groups for the navigation. Page handlers take
``principal: NamedDependency[Principal]`` and ``web_user: NamedDependency[WebUser]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import anyio.to_thread
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Scope

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from web.session import end_session, session_digest, session_user_id

LOGIN_PATH = "/logga-in"
ADMIN_PATH = "/administration"
ADMIN_ALLOWED = "admin_allowed"
"""Route handler ``opt`` key: the page is open to administrators (all others send them to
the administration page)."""


@dataclass(frozen=True)
class GroupLink:
    """A working group the user is a member of."""

    group_id: str
    name: str


@dataclass(frozen=True)
class WebUser:
    """The logged-in user of a page request: the principal and their groups."""

    principal: Principal
    groups: tuple[GroupLink, ...]


class LoginRequired(Exception):
    """The request has no valid session: go to the login page, then back to ``next_path``."""

    def __init__(self, next_path: str | None) -> None:
        super().__init__("login required")
        self.next_path = next_path


class AdminOnly(Exception):
    """An administrator asked for a page; they have only the administration page."""


def login_url(next_path: str | None) -> str:
    """The login page, remembering a same-site ``next_path`` (``?nasta=``)."""
    safe = safe_next(next_path)
    if safe is None or safe == "/":
        return LOGIN_PATH
    return f"{LOGIN_PATH}?nasta={quote(safe, safe='')}"


def safe_next(value: str | None) -> str | None:
    """``value`` if it is a relative path on this site, else None (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    if any(ord(c) < 0x20 or c in "\\\x7f" for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


def _requested_path(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    path = connection.url.path
    query = connection.url.query
    return f"{path}?{query}" if query else path


async def require_login(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Guard: a valid session of an active user, else 303 to the login page."""
    user_id = session_user_id(connection)
    wanted = _requested_path(connection) if connection.scope.get("method") == "GET" else None
    if user_id is None:
        raise LoginRequired(wanted)
    application: ProblemorienteratApp = connection.app.state.application
    web_user = await anyio.to_thread.run_sync(
        load_web_user, application, user_id, session_digest(connection)
    )
    if web_user is None:
        end_session(connection)
        raise LoginRequired(wanted)
    state = connection.scope.setdefault("state", {})
    state["principal"] = web_user.principal
    state["web_user"] = web_user
    state["user_id"] = web_user.principal.user_id  # for the request log line
    if web_user.principal.role is Role.ADMIN and not handler.opt.get(ADMIN_ALLOWED):
        raise AdminOnly


def load_web_user(
    application: ProblemorienteratApp, user_id: str, session: str | None = None
) -> WebUser | None:
    """The active user ``user_id`` with their groups (members), or None if revoked or if
    they logged out of the web session ``session`` (its digest)."""
    user = application.active_user(user_id)
    if user is None or (session is not None and user.has_ended(session)):
        return None
    groups: tuple[GroupLink, ...] = ()
    if user.role is Role.MEMBER:
        groups = tuple(
            GroupLink(str(g.id), g.name)
            for g in application.groups_of(user.user_id)
            if g.municipality in user.municipalities
        )
    return WebUser(Principal.of(user), groups)


def provide_principal(scope: Scope) -> Principal:
    """The logged-in user as the request's principal (the guard put it in the state)."""
    principal: Principal = scope["state"]["principal"]
    return principal


def provide_web_user(scope: Scope) -> WebUser:
    web_user: WebUser = scope["state"]["web_user"]
    return web_user


def current_web_user(scope: Scope) -> WebUser | None:
    """The logged-in user, if the guard has run for this request (error pages use it)."""
    state = scope.get("state") or {}
    found = state.get("web_user")
    return found if isinstance(found, WebUser) else None


def start_page(web_user: WebUser) -> str:
    """Where a user lands after logging in."""
    role = web_user.principal.role
    if role is Role.ADMIN:
        return ADMIN_PATH
    if role in (Role.BRA, Role.AUDITOR):
        return "/oversikt"
    if web_user.groups:
        return f"/grupper/{web_user.groups[0].group_id}"
    return "/"
