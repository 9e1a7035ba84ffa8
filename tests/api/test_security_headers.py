"""Every answer carries the security headers: a Content-Security-Policy (the documentation
its own, which lets Swagger UI start), nosniff, a Referrer-Policy, and ``no-store`` on
everything but the public files, which keep their cache header."""

from __future__ import annotations

import re
from typing import Any

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import World

STRICT = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"


def _directives(response: Any) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return {
        part.split(" ", 1)[0]: part.partition(" ")[2]
        for part in (p.strip() for p in policy.split(";"))
        if part
    }


def _assert_protected(response: Any, *, policy: str | None = STRICT) -> None:
    if policy is not None:
        assert response.headers["content-security-policy"] == policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["cache-control"] == "no-store"


def _log_in(client: TestClient[Litestar], token: str) -> None:
    page = client.get("/logga-in")
    _assert_protected(page)
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    answer = client.post(
        "/logga-in",
        data={"_csrf_token": csrf.group(1), "token": token, "nasta": ""},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def test_an_api_answer_carries_the_security_headers(
    client: TestClient[Litestar], world: World
) -> None:
    """An authenticated API answer (personal data) is not stored by any cache."""
    response = client.get("/api/v1/me", headers=world.headers("bra"))
    assert response.status_code == 200
    _assert_protected(response)


def test_error_answers_carry_the_security_headers(
    client: TestClient[Litestar], world: World
) -> None:
    """A 401, an API 404 and a web 404 page carry them too."""
    unauthorised = client.get("/api/v1/me")
    assert unauthorised.status_code == 401
    _assert_protected(unauthorised)
    missing = client.get("/api/v1/problems/KUN-2026-9999", headers=world.headers("bra"))
    assert missing.status_code == 404
    _assert_protected(missing)
    page = client.get("/finns-inte")
    assert page.status_code == 404
    _assert_protected(page)


def test_a_web_page_carries_the_security_headers(
    client: TestClient[Litestar], world: World
) -> None:
    """The login page and a page behind the login: frames, forms elsewhere and ``<base>`` are
    refused, and nothing but this server's own files is loaded."""
    _log_in(client, world.tokens["bra"])
    page = client.get("/arenden")
    assert page.status_code == 200, page.text
    _assert_protected(page)
    client.cookies.clear()


def test_the_stylesheet_keeps_its_cache_header(client: TestClient[Litestar]) -> None:
    """The public stylesheet may be cached (it holds no personal data)."""
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("cache-control", "")
    assert "max-age=3600" in response.headers["cache-control"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_documentation_page_has_a_policy_it_works_under(
    client: TestClient[Litestar],
) -> None:
    """``/schema`` loads only its own files, and may run the inline script and style Swagger
    UI starts with; it still may not be framed."""
    page = client.get("/schema")
    assert page.status_code == 200
    _assert_protected(page, policy=None)
    directives = _directives(page)
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert '<script src="/schema/assets/swagger-ui-bundle.js"' in page.text


def test_the_case_export_document_may_use_its_own_style_only(
    client: TestClient[Litestar], world: World
) -> None:
    """The exported case (a standalone HTML document with an inline style) may use that style
    and load nothing."""
    own = world.scopes["own"]
    response = client.get(
        f"/api/v1/audit/problems/{own.reference}/export.html", headers=world.headers("bra")
    )
    assert response.status_code == 200, response.text
    _assert_protected(response, policy=None)
    directives = _directives(response)
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == "'unsafe-inline'"
    assert directives["frame-ancestors"] == "'none'"
