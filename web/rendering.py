"""Rendering a page: the layout's context (user, navigation, messages) and redirects."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from web.auth import current_web_user
from web.navigation import nav_links
from web.session import take_flashes


def page_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """What ``base.html.j2`` needs: the user (or None), the navigation and the messages."""
    web_user = current_web_user(request.scope)
    return {
        "web_user": web_user,
        "principal": web_user.principal if web_user is not None else None,
        "nav": nav_links(web_user),
        "flashes": take_flashes(request) if "session" in request.scope else [],
        "current_path": request.url.path,
    }


def render(
    request: Request[Any, Any, Any],
    template: str,
    *,
    status_code: int = 200,
    **context: Any,
) -> Template:
    """``template`` (from ``web/templates``) with the layout's context and ``context``."""
    return Template(
        template_name=template,
        context={**page_context(request), **context},
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )


def see_other(path: str) -> Redirect:
    """303 to ``path`` on this site: the answer to a successful POST (POST-redirect-GET)."""
    return Redirect(path=path, status_code=HTTP_303_SEE_OTHER)
