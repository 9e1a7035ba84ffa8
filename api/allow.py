"""``OPTIONS`` answers list every method of their path in ``Allow``.

Litestar 2.25 builds the automatic ``OPTIONS`` handler of a path with the first route it
makes for that path; when handlers of other methods are added to the path later (another
handler of the same controller, another controller), the route is rebuilt but keeps that
first ``OPTIONS`` handler, whose ``Allow`` then names only the first route's methods
(``OPTIONS /api/v1/problems`` said ``GET, OPTIONS``; a ``PUT`` there was rightly 405 with
``Allow: GET, OPTIONS, POST``). :class:`AllowEveryMethod` points each such handler at the
route it serves, at start-up.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.enums import HttpMethod
from litestar.plugins import InitPlugin
from litestar.routes import HTTPRoute


class AllowEveryMethod(InitPlugin):
    """At start-up, every automatic ``OPTIONS`` handler answers for its whole route."""

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.on_startup = [*app_config.on_startup, rebind_options_handlers]
        return app_config


def rebind_options_handlers(app: Litestar) -> None:
    """Point each automatic ``OPTIONS`` handler at the route that now holds it."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            fn = handler.fn
            closure = getattr(fn, "__closure__", None)
            if (
                handler.http_methods != {HttpMethod.OPTIONS}
                or getattr(fn, "__name__", "") != "options_handler"
                or not closure
            ):
                continue
            for name, cell in zip(fn.__code__.co_freevars, closure, strict=True):
                if name == "self" and isinstance(cell.cell_contents, HTTPRoute):
                    cell.cell_contents = route
