"""Inbjudan: an invitation link an administrator made signs the invited person in, once.

Opening the link (GET) only shows a page with a button: mail scanners and link previews
open links too, and must not use the invitation up. Pressing "Logga in" (POST) records
``InvitationUsed`` and ``SignedIn`` together and starts a session; a used, replaced,
expired or unknown link, or a revoked user's, gets one answer (410) that says nothing more.
With a sign-in provider configured, the page also offers "Logga in med …": the person signs
in there, and the provider's answer links that identity to the invited user (so later
sign-ins go through the provider) as it uses the invitation up.

The secret is in the path only: the request log records the route's template, never the
path, and only the secret's hash is stored.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from problemorienterat.application import ProblemorienteratApp
from web import oidc
from web.auth import WebUser, load_web_user, start_page
from web.messages import SIGN_IN_REFUSED
from web.pages._users import INVITATION_PATH, keep_pending_invitation
from web.pages.login import _callback_url as callback_url
from web.pages.login import _provider as login_provider
from web.pages.login import _settings as login_settings
from web.rendering import render, see_other
from web.session import digest_of_session, end_session, new_session_id, start_session

_MAX_SECRET_LENGTH = 200
INVITATION_REFUSED = (
    "Inbjudningslänken fungerar inte: den har redan använts, ersatts av en nyare, gått ut "
    "(en länk gäller i 7 dagar) eller så är kontot spärrat. Be administratören om en ny länk."
)


def _valid(application: ProblemorienteratApp, secret: str) -> str | None:
    """The invited user's name, if the invitation still works."""
    if not secret or len(secret) > _MAX_SECRET_LENGTH:
        return None
    user = application.invited_user(secret)
    return user.name if user is not None else None


def _refused(request: Request[Any, Any, Any]) -> Template:
    return render(request, "inbjudan.html.j2", status_code=410, refused=INVITATION_REFUSED)


@get(f"{INVITATION_PATH}/{{secret:str}}", name="invitation")
async def invitation_page(request: Request[Any, Any, Any], secret: FromPath[str]) -> Template:
    application: ProblemorienteratApp = request.app.state.application
    name = await anyio.to_thread.run_sync(_valid, application, secret)
    if name is None:
        return _refused(request)
    return render(
        request,
        "inbjudan.html.j2",
        name=name,
        action=request.url.path,
        providers=login_settings(request).oidc_providers,
    )


@get(f"{INVITATION_PATH}/{{secret:str}}/oidc/{{provider_id:str}}")
async def accept_with_provider(
    request: Request[Any, Any, Any], secret: FromPath[str], provider_id: FromPath[str]
) -> Template | Redirect:
    """ "Logga in med …" from the invitation: off to the provider; its answer (at the login's
    callback) links the person's identity there to the invited user and signs them in."""
    application: ProblemorienteratApp = request.app.state.application
    if await anyio.to_thread.run_sync(_valid, application, secret) is None:
        return _refused(request)
    provider = login_provider(request, provider_id)
    try:
        url = await oidc.begin(request, provider, callback_url(request, provider), None)
    except oidc.SignInFailed:
        return render(
            request, "inbjudan.html.j2", status_code=503, refused=SIGN_IN_REFUSED["provider"]
        )
    keep_pending_invitation(request, secret)
    return Redirect(url, status_code=303)


@post(f"{INVITATION_PATH}/{{secret:str}}", status_code=303)
async def accept_invitation(
    request: Request[Any, Any, Any], secret: FromPath[str]
) -> Template | Redirect:
    """Sign in with the invitation (once); the user's start page follows."""
    application: ProblemorienteratApp = request.app.state.application
    session_id = new_session_id()
    web_user = await anyio.to_thread.run_sync(
        _accept, application, secret, digest_of_session(session_id)
    )
    if web_user is None:
        end_session(request)
        return render(request, "inbjudan.html.j2", status_code=410, refused=INVITATION_REFUSED)
    start_session(request, web_user.principal.user_id, session_id)
    return see_other(start_page(web_user))


def _accept(application: ProblemorienteratApp, secret: str, session: str) -> WebUser | None:
    if not secret or len(secret) > _MAX_SECRET_LENGTH:
        return None
    user = application.accept_invitation(secret, session)
    return None if user is None else load_web_user(application, user.user_id)


PUBLIC_ROUTES = [invitation_page, accept_invitation, accept_with_provider]
