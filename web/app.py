"""What the server mounts for the web interface: :func:`web_parts` (composed in
:mod:`problemorienterat.composition`).

- the pages (:mod:`web.pages`) under two routers: the login page without a session
  user, every other page behind :func:`web.auth.require_login`; both carry the session
  cookie middleware and CSRF protection (:mod:`web.csrf`: a token derived from the
  session, a double-submit cookie before login; every form posts the hidden
  ``_csrf_token``). The API's paths have neither, nor have the calendar feeds (a third
  router: their secret address authorises, and they set no cookie).
- ``/static/...``: the one stylesheet (nothing is loaded from the internet).
- the Jinja2 template configuration (``web/templates``, autoescaped) with the Swedish
  labels as template globals and filters.
- :class:`web.errors.WebErrorPages`: Swedish error pages on web paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Router
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader
from litestar.di import Provide
from litestar.middleware.base import DefineMiddleware
from litestar.plugins import InitPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from problemorienterat import formatting, labels, reports
from problemorienterat.config import Settings
from web.auth import provide_principal, provide_web_user, require_login
from web.csrf import SessionCSRFMiddleware
from web.errors import WebErrorPages
from web.pages import feed_routes, page_routes
from web.session import (
    cookie_name,
    derived_key,
    session_config,
    session_middleware,
    session_secret,
)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
# The year's report's templates: the pages share its figure chart (_figure_chart.html.j2).
REPORT_TEMPLATES = Path(reports.__file__).resolve().parent / "templates"
STATIC = HERE / "static"
STATIC_PATH = "/static"
CSRF_COOKIE = "po_csrf"


@dataclass(frozen=True)
class WebParts:
    """The web's share of ``Litestar(...)``: the rest belongs to the API and the composition."""

    route_handlers: list[Any]
    template_config: TemplateConfig[JinjaTemplateEngine]
    plugins: list[InitPlugin]
    static_path: str  # the public files: they keep their Cache-Control


def web_parts(settings: Settings | None = None) -> WebParts:
    """The web interface for the server ``settings`` configure (None: built for a test)."""
    secret = session_secret(settings)
    secure = settings.session_cookie_secure if settings is not None else False
    middleware = [
        session_middleware(session_config(settings, secret)),
        DefineMiddleware(
            SessionCSRFMiddleware,
            config=CSRFConfig(
                secret=derived_key(secret, "csrf").hex(),
                cookie_name=cookie_name(CSRF_COOKIE, secure=secure),
                cookie_secure=secure,
                cookie_httponly=True,
                cookie_samesite="lax",
                cookie_path="/",
            ),
        ),
    ]
    guarded, public = page_routes()
    pages = Router(
        path="/",
        route_handlers=guarded,
        guards=[require_login],
        middleware=middleware,
        dependencies={
            "principal": Provide(provide_principal, sync_to_thread=False),
            "web_user": Provide(provide_web_user, sync_to_thread=False),
        },
        include_in_schema=False,
    )
    login = Router(path="/", route_handlers=public, middleware=middleware, include_in_schema=False)
    feeds = Router(path="/", route_handlers=feed_routes(), include_in_schema=False)
    static = create_static_files_router(
        path=STATIC_PATH,
        directories=[STATIC],
        name="static",
        cache_control=CacheControlHeader(max_age=3600),
        include_in_schema=False,
    )
    return WebParts(
        route_handlers=[pages, login, feeds, static],
        template_config=TemplateConfig(
            directory=[TEMPLATES, REPORT_TEMPLATES],
            engine=JinjaTemplateEngine,
            engine_callback=_register,
        ),
        plugins=[WebErrorPages()],
        static_path=STATIC_PATH,
    )


def _register(engine: JinjaTemplateEngine) -> None:
    """Swedish labels in every template: ``{{ stage | label }}``, ``field_label(name)``; times,
    dates and numbers as Swedish readers write them: ``{{ at | tid }}``, ``{{ day | datum }}``,
    ``{{ value | tal }}`` (:mod:`problemorienterat.formatting`)."""
    environment = engine.engine
    environment.filters["label"] = labels.label
    environment.filters["in_sentence"] = labels.in_sentence
    environment.filters.update(
        tid=formatting.time_text, datum=formatting.date_text, tal=formatting.number_text
    )
    environment.globals.update(
        label=labels.label,
        label_of=labels.label_of,
        choices=labels.choices,
        field_label=labels.field_label,
        SARA_STAGES=labels.SARA_STAGES,
    )
