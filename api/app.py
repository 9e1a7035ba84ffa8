"""What the server mounts for the API: :func:`api_parts` (composed in
:mod:`problemorienterat.composition`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.plugins import PluginProtocol

from api.allow import AllowEveryMethod
from api.docs import docs_assets_router, docs_render_plugins
from api.errors import problem_details_plugin
from api.health import HealthController
from api.metrics import MetricsController
from api.openapi import ClosedBodiesSchemaPlugin
from api.rate_limit import rate_limit
from api.routes import api_router
from problemorienterat import __version__
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings


@dataclass(frozen=True)
class ApiParts:
    """The API's share of ``Litestar(...)``: the rest belongs to the web and the composition."""

    route_handlers: list[Any]
    middleware: list[Any]
    dependencies: dict[str, Provide]
    plugins: list[PluginProtocol]
    request_max_body_size: int
    openapi_config: OpenAPIConfig


def api_parts(settings: Settings, *, session_cookie: str = "session") -> ApiParts:
    """The health checks, ``/api/v1``, the OpenAPI document under ``/schema`` and its assets,
    and the rate limit of every request (which learns users by their bearer token and by
    the web's ``session_cookie``).

    The handlers read the application from the app state (``state.application``).
    """
    limit = rate_limit(settings, session_cookie=session_cookie)
    return ApiParts(
        route_handlers=[HealthController, MetricsController, api_router(), docs_assets_router()],
        middleware=[limit] if limit is not None else [],
        dependencies={"application": Provide(_application, sync_to_thread=False)},
        plugins=[problem_details_plugin(), ClosedBodiesSchemaPlugin(), AllowEveryMethod()],
        request_max_body_size=settings.max_body_bytes,
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
    )


def _application(state: State) -> ProblemorienteratApp:
    application: ProblemorienteratApp = state.application
    return application
