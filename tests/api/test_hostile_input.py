"""Hostile input is a 4xx, never a 500, on SQLite and on PostgreSQL: a deeply nested JSON
body, a NUL character in a query parameter or a path, a year out of any range.

The views are the real projections on each store (a NUL reaching PostgreSQL's text search
was a 500). API answers are problem details naming the parameter; web pages are Swedish.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient
from route_table import ROUTES
from support import make_app
from world import World, build_world

from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from projections import ProjectionService

PROBLEM_JSON = "application/problem+json"
DEEP_JSON = "[" * 5000 + "]" * 5000
NUL = "\x00"


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[tuple[World, TestClient[Litestar]]]:
    """The API and the web pages on a real store with its views, not raising server errors
    (a 500 is an answer the test sees)."""
    application = make_app(database_url, tmp_path)
    world = build_world(application)
    views = ProjectionService(application, Settings(data_dir=tmp_path))
    views.start()
    app = create_app(application=application)
    app.state.projections = views
    with TestClient(app=app, raise_server_exceptions=False) as client:
        yield world, client
    views.stop()
    application.close()


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def _names(body: dict[str, Any], key: str) -> bool:
    return any(item.get("field") == key for item in body.get("errors", []))


def _path(template: str, world: World) -> str:
    params = world.scopes["own"].path_params()
    return re.sub(r"\{(\w+):\w+\}", lambda m: str(params[m.group(1)]), template)


def test_a_deeply_nested_json_body_is_400_on_every_json_route(
    served: tuple[World, TestClient[Litestar]],
) -> None:
    """A JSON body nested deeper than the decoder goes is 400 naming the body, on every route
    that takes one (it was a RecursionError: 500)."""
    world, client = served
    bodied = [route for route, (_, body) in ROUTES.items() if body is not None]
    assert bodied
    for route in bodied:
        method, template = route.split(" ", 1)
        response = client.request(
            method,
            _path(template, world),
            content=DEEP_JSON,
            headers={**world.headers("admin"), "Content-Type": "application/json"},
        )
        assert response.status_code < 500, route
        if response.status_code == 400:
            assert _names(_problem(response, 400), "body"), route
    own = world.scopes["own"]
    response = client.post(
        f"/api/v1/problems/{own.reference}/causes",
        content=DEEP_JSON,
        headers={**world.headers("bra"), "Content-Type": "application/json"},
    )
    assert _names(_problem(response, 400), "body")


@pytest.mark.parametrize(
    ("role", "path", "params"),
    [
        ("bra", "/api/v1/problems", {"municipality": "1882", "text": NUL}),
        ("bra", "/api/v1/problems", {"municipality": "1882", "cursor": f"a{NUL}"}),
        ("bra", "/api/v1/problems", {"municipality": f"18{NUL}2"}),
        ("bra", "/api/v1/problems", {"municipality": "1882", "stage": NUL}),
        ("auditor", "/api/v1/audit/feed", {"actor": NUL}),
        ("auditor", "/api/v1/audit/feed", {"organisation": NUL}),
        ("auditor", "/api/v1/audit/feed", {"event_type": f"Problem{NUL}"}),
        ("auditor", "/api/v1/audit/feed", {"since": NUL}),
    ],
)
def test_a_nul_in_a_query_parameter_is_400_naming_it(
    served: tuple[World, TestClient[Litestar]], role: str, path: str, params: dict[str, str]
) -> None:
    """No store holds NUL in text (PostgreSQL's text search was a 500): the parameter is
    refused by name."""
    world, client = served
    response = client.get(path, params=params, headers=world.headers(role))
    (name,) = [key for key, value in params.items() if NUL in value]
    assert _names(_problem(response, 400), name)


def test_a_nul_in_the_web_search_is_a_swedish_400_page(
    served: tuple[World, TestClient[Litestar]],
) -> None:
    """The case list's search (``sok``) with a NUL is the Swedish page for a bad request."""
    world, client = served
    page = client.get("/logga-in")
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    client.post(
        "/logga-in",
        data={"_csrf_token": csrf.group(1), "token": world.tokens["bra"], "nasta": ""},
        follow_redirects=False,
    )
    assert client.get("/arenden", params={"sok": "Valla"}).status_code == 200
    response = client.get("/arenden", params={"sok": f"Valla{NUL}"})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "Felaktig begäran" in response.text


@pytest.mark.parametrize("year", ["1999", "2101", "99999999999999999999", "-5"])
def test_a_follow_up_year_out_of_range_is_400_naming_the_year(
    served: tuple[World, TestClient[Litestar]], year: str
) -> None:
    """The medborgarlöfte follow-up takes the years 2000–2100, as every other year (a huge
    one was an OverflowError on SQLite: 500)."""
    world, client = served
    response = client.get(
        f"/api/v1/municipalities/1882/citizen-promise-follow-up/{year}",
        headers=world.headers("bra"),
    )
    assert _names(_problem(response, 400), "year")


@pytest.mark.parametrize("path", ["/static/%00", "/static/style.css%00", "/schema/assets/%00"])
def test_a_nul_in_a_file_path_is_404(served: tuple[World, TestClient[Litestar]], path: str) -> None:
    """No file name holds a NUL: a path with one is not found (it was a 500)."""
    _world, client = served
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "params", "body"),
    [
        ("POST", "/api/v1/problems", None, DEEP_JSON),
        ("POST", "/api/v1/municipalities", None, '{"a":' * 3000 + "1" + "}" * 3000),
        ("GET", "/api/v1/problems", {"municipality": "1882", "text": NUL}, None),
        ("GET", "/api/v1/problems", {"municipality": "1882", "year": NUL}, None),
        ("GET", "/api/v1/problems", {"municipality": "1882", "text": "x" * 5000}, None),
        ("GET", "/api/v1/audit/feed", {"actor": NUL, "limit": NUL}, None),
        ("GET", "/api/v1/problems/KUN-2026-0001%00", None, None),
        ("GET", "/api/v1/municipalities/1882/citizen-promise-follow-up/1" + "0" * 40, None, None),
        ("GET", "/api/v1/municipalities/18%0082/bra-overview", None, None),
        ("GET", "/static/%00", None, None),
        ("GET", "/api/v1/me?%00=1", None, None),
    ],
)
def test_hostile_requests_get_a_4xx_problem_answer(
    served: tuple[World, TestClient[Litestar]],
    method: str,
    path: str,
    params: dict[str, str] | None,
    body: str | None,
) -> None:
    """A small fuzz: each hostile request is a 4xx problem answer on both stores (a Swedish
    error page outside the API)."""
    world, client = served
    headers = {**world.headers("admin" if "municipalities" in path else "bra")}
    if body is not None:
        headers["Content-Type"] = "application/json"
    response = client.request(method, path, params=params, content=body, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    expected = PROBLEM_JSON if path.startswith("/api/") else "text/html; charset=utf-8"
    assert response.headers["content-type"] == expected, path


# ------------------------------------------------------------------ fuzz, on both stores

_ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60
) | st.sampled_from([NUL, f"a{NUL}b", "%00", "' OR 1=1 --", "\\", "ö" * 300, "1" * 40])
_ANY_NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "NaN", "inf", "1e309", "0x10", "2026.5", NUL]),
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=_ANY_TEXT, number=_ANY_NUMBER, depth=st.integers(min_value=1, max_value=3000))
def test_random_hostile_input_is_never_a_server_error(
    served: tuple[World, TestClient[Litestar]], text: str, number: str, depth: int
) -> None:
    """Random text (NUL and any other character), numbers out of any range and JSON nested
    to any depth, in the query parameters, paths and bodies the cases above name, on the
    store under test: every answer is a 2xx or a 4xx, never a 500."""
    world, client = served
    own = world.scopes["own"]
    requests: list[tuple[str, str, dict[str, str], dict[str, str] | None, str | None]] = [
        ("bra", "/api/v1/problems", {"municipality": "1882", "text": text}, None, None),
        ("bra", "/api/v1/problems", {"municipality": "1882", "year": number}, None, None),
        ("bra", "/api/v1/problems", {"municipality": text, "cursor": text}, None, None),
        ("auditor", "/api/v1/audit/feed", {"actor": text, "organisation": text}, None, None),
        ("auditor", "/api/v1/audit/feed", {"since": text, "limit": number}, None, None),
        (
            "bra",
            f"/api/v1/municipalities/1882/citizen-promise-follow-up/{quote(number, safe='')}",
            {},
            None,
            None,
        ),
        ("bra", f"/api/v1/problems/{quote(text, safe='')}", {}, None, None),
        (
            "bra",
            f"/api/v1/problems/{own.reference}/causes",
            {},
            None,
            "[" * depth + "]" * depth,
        ),
        (
            "bra",
            f"/api/v1/problems/{own.reference}/causes",
            {},
            {"description": text},
            None,
        ),
    ]
    for role, path, params, body, raw in requests:
        method = "POST" if body is not None or raw is not None else "GET"
        response = client.request(
            method,
            path,
            params=params,
            json=body,
            content=raw,
            headers={**world.headers(role), "Content-Type": "application/json"}
            if raw is not None
            else world.headers(role),
        )
        assert response.status_code < 500, (path, params, response.text[:300])
