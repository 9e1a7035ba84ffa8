"""The interactive API documentation, served from this installation (nothing from the internet).

Swagger UI's files come from the ``swagger-ui-py`` package, which ships them; the page at
``/schema`` (and ``/schema/swagger``) loads them from ``/schema/assets``. Installations may
be offline, so the default render plugins (which load from a CDN) are not used.
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui  # type: ignore[import-untyped]
from litestar.openapi.plugins import OpenAPIRenderPlugin, SwaggerRenderPlugin
from litestar.router import Router
from litestar.static_files import create_static_files_router

ASSETS_PATH = "/schema/assets"
_ASSETS = Path(swagger_ui.__file__).parent / "static"
_SERVED = (
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
    "swagger-ui.css",
    "favicon-32x32.png",
)


def docs_render_plugins() -> list[OpenAPIRenderPlugin]:
    """Swagger UI at ``/schema`` and ``/schema/swagger``, with its files served locally."""
    return [
        SwaggerRenderPlugin(
            path=["/", "/swagger"],
            js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            css_url=f"{ASSETS_PATH}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{ASSETS_PATH}/favicon-32x32.png'>",
        )
    ]


def docs_assets_router() -> Router:
    """The files Swagger UI needs (no token: the documentation is public, as the schema is)."""
    missing = [name for name in _SERVED if not (_ASSETS / name).is_file()]
    if missing:  # pragma: no cover - a broken install of swagger-ui-py
        raise RuntimeError(f"swagger-ui-py lacks {', '.join(missing)} in {_ASSETS}")
    return create_static_files_router(
        path=ASSETS_PATH, directories=[_ASSETS], include_in_schema=False, name="docs-assets"
    )
