"""The interactive API documentation works offline: every file it loads is served here."""

from __future__ import annotations

import re

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient


def test_the_documentation_page_loads_nothing_from_another_host(
    client: TestClient[Litestar],
) -> None:
    """``/schema`` is Swagger UI whose scripts, style and icon all come from this server,
    and each of them is served without a token."""
    page = client.get("/schema")
    assert page.status_code == 200
    assert "SwaggerUIBundle" in page.text

    loaded = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert loaded, "the page loads no assets at all"
    for url in loaded:
        assert url.startswith("/schema/assets/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 100
    assert "cdn." not in page.text


def test_the_swagger_path_shows_the_same_page(client: TestClient[Litestar]) -> None:
    """``/schema/swagger`` (linked from the README) answers with the same documentation."""
    page = client.get("/schema/swagger")
    assert page.status_code == 200
    assert "/schema/assets/swagger-ui-bundle.js" in page.text
