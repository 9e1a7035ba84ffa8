"""The pages, one module each; a module is registered by existing.

A page module defines ``ROUTES`` (handlers or controllers behind the login guard; the
principal and web user are provided) and/or ``PUBLIC_ROUTES`` (no login: only the login
page) and/or ``FEED_ROUTES`` (no login, no session, no cookies: the calendar feeds, whose
secret address authorises). :func:`page_routes` imports every module of this package and
collects them, so a new page is one module here and one template in ``web/templates``.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def _modules() -> list[Any]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]


def page_routes() -> tuple[list[Any], list[Any]]:
    """(routes behind the login guard, public routes) of every page module."""
    guarded: list[Any] = []
    public: list[Any] = []
    for module in _modules():
        guarded.extend(getattr(module, "ROUTES", []))
        public.extend(getattr(module, "PUBLIC_ROUTES", []))
    return guarded, public


def feed_routes() -> list[Any]:
    """The routes outside every session: no session or CSRF cookie is read or set."""
    found: list[Any] = []
    for module in _modules():
        found.extend(getattr(module, "FEED_ROUTES", []))
    return found
