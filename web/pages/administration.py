"""Administration: administrators manage users through the command line and the API;
the web interface has nothing else for them."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import Template

from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from web.auth import ADMIN_ALLOWED, ADMIN_PATH
from web.rendering import render


@get(ADMIN_PATH, name="administration", opt={ADMIN_ALLOWED: True})
async def administration(
    request: Request[Any, Any, Any], principal: NamedDependency[Principal]
) -> Template:
    if principal.role is not Role.ADMIN:
        raise NotFoundException
    return render(request, "administration.html.j2")


ROUTES = [administration]
