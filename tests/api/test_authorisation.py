"""The object-level authorisation matrix: every route × every role × own group, another
group of the same municipality, and another municipality."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from route_table import ALLOWED, ROUTES, expected
from world import SCOPES, FakeViews, World, build_world

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app

ROLES = ("member", "bra", "auditor", "admin")
ITEM_FIELDS = {
    "action_id",
    "observation_id",
    "activity_id",
    "person_id",
    "user_id",
    "focus_area_id",
}


@pytest.fixture(scope="module")
def matrix_client() -> Iterator[TestClient[Litestar]]:
    """One web application for the whole matrix; each route gets its own installation."""
    app = create_app(application=_empty())
    app.state.projections = FakeViews(app.state)
    with TestClient(app=app) as client:
        yield client


@pytest.fixture(scope="module")
def route_world(
    request: pytest.FixtureRequest, matrix_client: TestClient[Litestar]
) -> Iterator[tuple[World, TestClient[Litestar]]]:
    """A fresh installation per route, shared by that route's role × scope cases."""
    application = _empty()
    world = build_world(application)
    assert isinstance(matrix_client.app, Litestar)
    matrix_client.app.state.application = application
    yield world, matrix_client
    application.close()


def _empty() -> ProblemorienteratApp:
    return ProblemorienteratApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def _path(template: str, params: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+):\w+\}", lambda m: str(params[m.group(1)]), template)


def test_the_route_table_covers_every_route_of_the_application() -> None:
    """A route added to the API without an entry in the matrix's table fails this test."""
    app = create_app(application=_empty())
    served = {
        f"{method} {route.path}"
        for route in app.routes
        if route.path.startswith("/api/")
        for method in getattr(route, "methods", ())
        if method not in ("HEAD", "OPTIONS")
    }
    assert served == set(ROUTES)


@pytest.mark.parametrize("route_world", sorted(ROUTES), indirect=True)
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_objects_it_may(
    route_world: tuple[World, TestClient[Litestar]],
    role: str,
    scope: str,
    request: pytest.FixtureRequest,
) -> None:
    """Allowed: anything but 401/403/404-for-the-object. Forbidden: 403. Hidden: 404 exactly
    as for an object that does not exist. Members naming another group's id: 422."""
    route = request.node.callspec.params["route_world"]
    world, client = route_world
    kind, body = ROUTES[route]
    method, template = route.split(" ", 1)
    objects = world.scopes[scope]
    params: dict[str, Any] = {}
    if template == "/api/v1/problems":
        params = {"municipality": objects.municipality, "group_id": str(objects.group_id)}
    response = client.request(
        method,
        _path(template, objects.path_params()),
        params=params,
        json=body(objects) if body else None,
        headers=world.headers(role),
    )
    want = expected(kind, role, scope)
    is_json = "json" in response.headers.get("content-type", "")
    answer = response.json() if response.content and is_json else {}
    assert response.status_code < 500, response.text
    if want == ALLOWED:
        assert response.status_code not in (401, 403), response.text
        if response.status_code == 404:
            assert answer.get("field") in ITEM_FIELDS, response.text
    else:
        assert str(response.status_code) == want, response.text
        if response.status_code == 404:
            assert answer.get("field") not in ITEM_FIELDS
