"""Logga in (through an identity provider, or with a token where the installation allows
it) and Logga ut. The only pages without a logged-in user."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import structlog
from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.application.users import SignInRefusal
from problemorienterat.config import OidcProvider, Settings
from problemorienterat.domain.errors import ClosedError
from problemorienterat.domain.user import User
from web import oidc
from web.auth import LOGIN_PATH, WebUser, load_web_user, safe_next, start_page
from web.forms import FormData
from web.messages import LOGIN_REFUSED, SIGN_IN_REFUSED
from web.pages._users import take_pending_invitation
from web.rendering import render, see_other
from web.session import (
    digest_of_session,
    end_session,
    new_session_id,
    session_digest,
    session_user_id,
    start_session,
)

log = structlog.get_logger("web.login")

_MAX_TOKEN_LENGTH = 200
OIDC_PATH = f"{LOGIN_PATH}/oidc"


def _settings(request: Request[Any, Any, Any]) -> Settings:
    settings = request.app.state.get("settings")
    return settings if isinstance(settings, Settings) else Settings()


def _login_page(
    request: Request[Any, Any, Any],
    *,
    status_code: int = 200,
    nasta: str | None = None,
    logged_out: bool = False,
    error: str | None = None,
    refusal: str | None = None,
) -> Template:
    settings = _settings(request)
    return render(
        request,
        "logga_in.html.j2",
        status_code=status_code,
        nasta=nasta or "",
        logged_out=logged_out,
        error=error,
        refusal=refusal,
        providers=settings.oidc_providers,
        token_login=settings.token_login_enabled,
    )


@get(LOGIN_PATH, name="login")
async def login_form(
    request: Request[Any, Any, Any],
    nasta: FromQuery[str | None] = None,
    utloggad: FromQuery[bool] = False,
) -> Template:
    return _login_page(request, nasta=safe_next(nasta), logged_out=utloggad)


@post(LOGIN_PATH, status_code=303)
async def log_in(request: Request[Any, Any, Any], data: FormData) -> Template | Redirect:
    """A valid token starts a session and goes to the user's start page (or ``nasta``);
    anything else is 400 with one message that says nothing about why. Only where the
    installation allows token login (``TOKEN_LOGIN``)."""
    if not _settings(request).token_login_enabled:
        raise NotFoundException
    token = _one(data.get("token")).strip()
    nasta = safe_next(_one(data.get("nasta")) or None)
    application: ProblemorienteratApp = request.app.state.application
    web_user: WebUser | None = None
    session_id = new_session_id()
    if token and len(token) <= _MAX_TOKEN_LENGTH:
        web_user = await anyio.to_thread.run_sync(
            _authenticate, application, token, digest_of_session(session_id)
        )
    if web_user is None:
        end_session(request)
        return _login_page(request, status_code=400, nasta=nasta, error=LOGIN_REFUSED)
    start_session(request, web_user.principal.user_id, session_id)
    return see_other(nasta or start_page(web_user))


def _provider(request: Request[Any, Any, Any], provider_id: str) -> OidcProvider:
    provider = _settings(request).oidc_provider(provider_id)
    if provider is None:
        raise NotFoundException
    return provider


def _callback_url(request: Request[Any, Any, Any], provider: OidcProvider) -> str:
    configured = _settings(request).base_url
    base = configured or str(request.base_url).rstrip("/")
    return f"{base}{OIDC_PATH}/{provider.id}/svar"


@get(f"{OIDC_PATH}/{{provider_id:str}}")
async def begin_sign_in(
    request: Request[Any, Any, Any],
    provider_id: FromPath[str],
    nasta: FromQuery[str | None] = None,
) -> Template | Redirect:
    """ "Logga in med …": off to the provider (the answer comes back to :func:`sign_in`).
    A link, not a form: the page's Content-Security-Policy (``form-action 'self'``) would
    stop a form's redirect to the provider."""
    provider = _provider(request, provider_id)
    try:
        url = await oidc.begin(
            request, provider, _callback_url(request, provider), safe_next(nasta)
        )
    except oidc.SignInFailed as failure:
        return _refused(request, provider, failure.reason)
    return Redirect(url, status_code=303)


@get(f"{OIDC_PATH}/{{provider_id:str}}/svar")
async def sign_in(
    request: Request[Any, Any, Any], provider_id: FromPath[str]
) -> Template | Redirect:
    """The provider's answer: a registered, active user is signed in (the first time, their
    identity there is linked to them); everyone else gets a page saying why not, and
    nothing but the refusal (a log line) is recorded."""
    provider = _provider(request, provider_id)
    invitation = take_pending_invitation(request)  # accepting one (web/pages/invitation.py)
    query = {key: value for key, value in request.query_params.items() if isinstance(value, str)}
    try:
        identity = await oidc.finish(request, provider, query)
    except oidc.SignInFailed as failure:
        return _refused(request, provider, failure.reason)
    application: ProblemorienteratApp = request.app.state.application
    session_id = new_session_id()
    if invitation is not None:
        outcome = await anyio.to_thread.run_sync(
            _sign_in_invited,
            application,
            provider,
            identity,
            invitation,
            digest_of_session(session_id),
        )
    else:
        outcome = await anyio.to_thread.run_sync(
            _sign_in, application, provider, identity, digest_of_session(session_id)
        )
    if isinstance(outcome, str):
        return _refused(request, provider, outcome)
    start_session(request, outcome.principal.user_id, session_id)
    log.info("signed in", provider=provider.id, user_id=outcome.principal.user_id)
    return see_other(safe_next(identity.next_path) or start_page(outcome))


def _sign_in(
    application: ProblemorienteratApp,
    provider: OidcProvider,
    identity: oidc.Identity,
    session: str,
) -> WebUser | SignInRefusal:
    found: User | SignInRefusal = application.sign_in_with_identity(
        issuer=identity.issuer,
        subject=identity.subject,
        email=identity.email,
        session=session,
        method=f"oidc:{provider.id}",
    )
    if isinstance(found, str):
        return found
    return load_web_user(application, found.user_id) or "revoked"


def _sign_in_invited(
    application: ProblemorienteratApp,
    provider: OidcProvider,
    identity: oidc.Identity,
    invitation: str,
    session: str,
) -> WebUser | str:
    """Accept the invitation as the person the provider vouches for: their identity there is
    linked to the invited user, who is signed in (once; later sign-ins go by the link)."""
    found = application.accept_invitation(
        invitation,
        session,
        identity=(identity.issuer, identity.subject),
        method=f"oidc:{provider.id}",
    )
    if found is None:
        return "invitation"
    return load_web_user(application, found.user_id) or "revoked"


def _refused(request: Request[Any, Any, Any], provider: OidcProvider, reason: str) -> Template:
    """The login page with why the sign-in through ``provider`` was refused."""
    log.warning("sign-in refused", provider=provider.id, reason=reason)
    end_session(request)
    status = 503 if reason == "provider" else 403 if reason in ("unknown", "revoked") else 400
    return _login_page(request, status_code=status, refusal=SIGN_IN_REFUSED[reason])


@post("/logga-ut", status_code=303)
async def log_out(request: Request[Any, Any, Any]) -> Redirect:
    """The session ends: recorded on the user (``SessionEnded``, the sign-out), so a copy
    of the cookie no longer works in any server process, and the cookie is cleared."""
    user_id, session = session_user_id(request), session_digest(request)
    if user_id is not None and session is not None:
        application: ProblemorienteratApp = request.app.state.application
        await anyio.to_thread.run_sync(application.end_web_session, user_id, session)
    end_session(request)
    return see_other(f"{LOGIN_PATH}?utloggad=1")


def _authenticate(application: ProblemorienteratApp, token: str, session: str) -> WebUser | None:
    user = application.authenticate(token)
    if user is None:
        return None
    try:
        application.record_sign_in(user.user_id, session, "token")
    except ClosedError:  # revoked in between
        return None
    return load_web_user(application, user.user_id)


def _one(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


PUBLIC_ROUTES = [login_form, log_in, begin_sign_in, sign_in, log_out]
