"""Logga in (with a token) and Logga ut. The only pages without a logged-in user."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from problemorienterat.application import ProblemorienteratApp
from web.auth import LOGIN_PATH, WebUser, load_web_user, safe_next, start_page
from web.forms import FormData
from web.messages import LOGIN_REFUSED
from web.rendering import render, see_other
from web.session import end_session, session_digest, session_user_id, start_session

_MAX_TOKEN_LENGTH = 200


@get(LOGIN_PATH, name="login")
async def login_form(
    request: Request[Any, Any, Any],
    nasta: FromQuery[str | None] = None,
    utloggad: FromQuery[bool] = False,
) -> Template:
    return render(
        request,
        "logga_in.html.j2",
        nasta=safe_next(nasta) or "",
        logged_out=utloggad,
        error=None,
    )


@post(LOGIN_PATH, status_code=303)
async def log_in(request: Request[Any, Any, Any], data: FormData) -> Template | Redirect:
    """A valid token starts a session and goes to the user's start page (or ``nasta``);
    anything else is 400 with one message that says nothing about why."""
    token = _one(data.get("token")).strip()
    nasta = safe_next(_one(data.get("nasta")) or None)
    application: ProblemorienteratApp = request.app.state.application
    web_user: WebUser | None = None
    if token and len(token) <= _MAX_TOKEN_LENGTH:
        web_user = await anyio.to_thread.run_sync(_authenticate, application, token)
    if web_user is None:
        end_session(request)
        return render(
            request,
            "logga_in.html.j2",
            status_code=400,
            nasta=nasta or "",
            logged_out=False,
            error=LOGIN_REFUSED,
        )
    start_session(request, web_user.principal.user_id)
    return see_other(nasta or start_page(web_user))


@post("/logga-ut", status_code=303)
async def log_out(request: Request[Any, Any, Any]) -> Redirect:
    """The session ends: recorded on the user, so a copy of the cookie no longer works in
    any server process, and the cookie is cleared."""
    user_id, session = session_user_id(request), session_digest(request)
    if user_id is not None and session is not None:
        application: ProblemorienteratApp = request.app.state.application
        await anyio.to_thread.run_sync(application.end_web_session, user_id, session)
    end_session(request)
    return see_other(f"{LOGIN_PATH}?utloggad=1")


def _authenticate(application: ProblemorienteratApp, token: str) -> WebUser | None:
    user = application.authenticate(token)
    return None if user is None else load_web_user(application, user.user_id)


def _one(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


PUBLIC_ROUTES = [login_form, log_in, log_out]
