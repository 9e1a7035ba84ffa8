"""The Litestar application: ``create_app()`` builds it around one ProblemorienteratApp."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig

from api.docs import docs_assets_router, docs_render_plugins
from api.errors import problem_details_plugin
from api.health import HealthController
from api.limits import max_body_bytes, rate_limit
from api.logging import RequestLogging, configure_logging
from api.openapi import ClosedBodiesSchemaPlugin
from api.routes import api_router
from problemorienterat import __version__
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from projections import ProjectionService, UnsupportedStoreError
from web.app import web_parts


def create_app(
    settings: Settings | None = None, application: ProblemorienteratApp | None = None
) -> Litestar:
    """The web application on the store ``settings`` names, or on ``application`` if given.

    An application passed in belongs to the caller, who closes it; one opened here is
    closed when the server shuts down.
    """
    configure_logging()
    owned = application is None
    if application is None:
        application = ProblemorienteratApp.from_settings(settings or Settings())

    def close_application(app: Litestar) -> None:
        if owned:
            app.state.application.close()

    view_settings = settings or Settings()
    views = _views(application, view_settings)

    def start_views(app: Litestar) -> None:
        if views is not None and view_settings.projections_in_process:
            views.start()

    def start_worker_threads(app: Litestar) -> None:
        # Litestar runs the synchronous handlers on the event loop's default executor,
        # which asyncio sizes by the CPUs (six threads here). Commands spend much of their
        # time waiting: for PostgreSQL, and for the group commit that writes them together,
        # so more threads let more of them wait at once (PostgreSQL, 16 clients: +10 %).
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(view_settings.worker_threads, thread_name_prefix="api")
        )

    def stop_views(app: Litestar) -> None:
        if views is not None:
            views.stop()

    web = web_parts(settings)  # the Swedish web interface: pages, static files, error pages
    app = Litestar(
        route_handlers=[HealthController, api_router(), docs_assets_router(), *web.route_handlers],
        request_max_body_size=max_body_bytes(),
        middleware=[m.middleware for m in [rate_limit()] if m is not None],
        state=State({"application": application, "projections": views}),
        dependencies={"application": Provide(_application, sync_to_thread=False)},
        plugins=[problem_details_plugin(), ClosedBodiesSchemaPlugin(), *web.plugins],
        template_config=web.template_config,
        openapi_config=OpenAPIConfig(
            title="Problemorienterat",
            version=__version__,
            description=(
                "Ärendestöd för problemorienterat brottsförebyggande arbete (SARA) i "
                "samverkan mellan kommun och polis."
            ),
            path="/schema",
            render_plugins=docs_render_plugins(),
        ),
        on_startup=[start_worker_threads, start_views],
        on_shutdown=[stop_views, close_application],
        logging_config=None,  # api.logging configures structlog for the whole process
    )
    app.asgi_handler = RequestLogging(app.asgi_handler)
    return app


def _application(state: State) -> ProblemorienteratApp:
    application: ProblemorienteratApp = state.application
    return application


def _views(application: ProblemorienteratApp, settings: Settings) -> ProjectionService | None:
    """The views on the application's database; None on the in-memory store (no views)."""
    try:
        return ProjectionService(application, settings)
    except UnsupportedStoreError:
        return None
