"""The composition root: the application, its views and the Litestar app serving the API
(:func:`api.app.api_parts`) and the web pages (:func:`web.app.web_parts`).

The HTTP side is imported inside :func:`create_app`, so the command line opens the
application without loading it.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from projections import ProjectionService, UnsupportedStoreError

if TYPE_CHECKING:
    from litestar import Litestar

    from api.provider_tokens import ProviderTokens
    from problemorienterat.reminders.schedule import DailyReminders


def create_app(
    settings: Settings | None = None, application: ProblemorienteratApp | None = None
) -> Litestar:
    """The web application on the store ``settings`` names, or on ``application`` if given.

    An application passed in belongs to the caller, who closes it; one opened here is
    closed when the server shuts down. Without ``settings`` (tests) they are read from the
    environment and the web session gets a secret for this process only.
    """
    from litestar import Litestar
    from litestar.datastructures import State

    from api.app import api_parts
    from api.docs import ASSETS_PATH
    from api.headers import security_headers
    from api.limits import BoundedJsonRequest, refuse_nul_bytes
    from api.logging import RequestLogging, add_request_id, begin_unrouted, configure_logging
    from web.app import web_parts
    from web.session import SESSION_COOKIE

    configure_logging()
    effective = settings or Settings()
    owned = application is None
    if application is None:
        application = open_application(effective)
    views = projection_service(application, effective)

    def start_worker_threads(app: Litestar) -> None:
        # Synchronous handlers run on the loop's default executor, sized by the CPUs; commands
        # mostly wait (for the database, for their group commit), so more threads help.
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(effective.worker_threads, thread_name_prefix="api")
        )

    reminders = daily_reminders(application, views, effective)

    def start_views(app: Litestar) -> None:
        if views is not None and effective.projections_in_process:
            views.start()
        if reminders is not None:
            reminders.start()

    def stop_views(app: Litestar) -> None:
        if reminders is not None:
            reminders.stop()
        if views is not None:
            views.stop()

    def close_application(app: Litestar) -> None:
        if owned:
            app.state.application.close()

    api = api_parts(effective, session_cookie=SESSION_COOKIE)
    web = web_parts(settings)
    return Litestar(
        route_handlers=[*api.route_handlers, *web.route_handlers],
        request_max_body_size=api.request_max_body_size,
        # Request logging first, so it sees what the rate limit refuses.
        middleware=[RequestLogging(), *api.middleware],
        before_request=refuse_nul_bytes,
        request_class=BoundedJsonRequest,
        before_send=[
            add_request_id,
            security_headers(public_prefixes=(f"{web.static_path}/", f"{ASSETS_PATH}/")),
        ],
        after_exception=[begin_unrouted],
        state=State(
            {
                "application": application,
                "projections": views,
                "settings": effective,
                "provider_tokens": provider_tokens(effective),
            }
        ),
        dependencies=api.dependencies,
        # The web's error pages wrap the API's problem details: the API's plugins come first.
        plugins=[*api.plugins, *web.plugins],
        template_config=web.template_config,
        openapi_config=api.openapi_config,
        on_startup=[start_worker_threads, start_views],
        on_shutdown=[stop_views, close_application],
        logging_config=None,  # configure_logging sets up structlog for the whole process
    )


def create_worker_app() -> Litestar:
    """One API process of ``serve --workers N`` (a uvicorn factory), on the settings the
    parent process exported to the environment."""
    from problemorienterat.parent_watch import end_with_parent
    from problemorienterat.server_memory import settle_after_start_up

    settings = Settings()
    if settings.parent_pid is not None:
        end_with_parent(settings.parent_pid)
    app = create_app(settings)
    settle_after_start_up()
    return app


def provider_tokens(settings: Settings) -> ProviderTokens | None:
    """The checker of the configured OpenID Providers' access tokens (None: no provider)."""
    from api.provider_tokens import ProviderTokens

    return ProviderTokens(settings.oidc_providers) if settings.oidc_providers else None


def open_application(settings: Settings) -> ProblemorienteratApp:
    """The application on the store ``settings`` name; the caller closes it."""
    return ProblemorienteratApp.from_settings(settings)


def daily_reminders(
    application: ProblemorienteratApp, views: ProjectionService | None, settings: Settings
) -> DailyReminders | None:
    """The reminders on a schedule, when ``REMIND_AT`` and SMTP are set and this process
    keeps the views (a single-process ``serve``; not its ``--workers``)."""
    if settings.remind_at is None or views is None or not settings.projections_in_process:
        return None
    if not settings.smtp_configured:
        logging.getLogger("problemorienterat.reminders").warning(
            "PROBLEMORIENTERAT_REMIND_AT is set but e-mail is not: no reminders are sent"
        )
        return None
    from problemorienterat.reminders.schedule import DailyReminders

    return DailyReminders(application, views, settings)


def projection_service(
    application: ProblemorienteratApp, settings: Settings
) -> ProjectionService | None:
    """The views on the application's database; None on the in-memory store (no views)."""
    try:
        return ProjectionService(application, settings)
    except UnsupportedStoreError:
        return None
