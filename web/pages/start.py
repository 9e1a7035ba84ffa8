"""Start: the logged-in user's links (the layout's navigation, as a list)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template

from web.auth import WebUser
from web.navigation import nav_links
from web.rendering import render


@get("/", name="start")
async def start(request: Request[Any, Any, Any], web_user: NamedDependency[WebUser]) -> Template:
    links = [link for link in nav_links(web_user) if link.href != "/"]
    return render(request, "start.html.j2", links=links)


ROUTES = [start]
