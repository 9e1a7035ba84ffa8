"""The object-level authorisation matrix: every route × every role × own group, another
group of the same municipality, and another municipality."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient
from route_table import ALLOWED, ROUTES, expected
from world import SCOPES, FakeViews, Objects, World, build_world, missing_objects

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app

ROLES = ("member", "bra", "auditor", "admin")
ITEM_FIELDS = {
    "agenda_item_id",
    "action_id",
    "observation_id",
    "series_id",
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


def _send(
    client: TestClient[Litestar], world: World, route: str, role: str, objects: Objects
) -> Response:
    """``route`` for ``objects`` as ``role`` would send it (the table's body)."""
    _kind, body = ROUTES[route]
    method, template = route.split(" ", 1)
    params: dict[str, Any] = {}
    if template == "/api/v1/problems":
        params = {"municipality": objects.municipality, "group_id": str(objects.group_id)}
    return client.request(
        method,
        _path(template, objects.path_params()),
        params=params,
        json=body(objects) if body else None,
        headers=world.headers(role),
    )


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
    response = _send(client, world, route, role, world.scopes[scope])
    want = expected(ROUTES[route][0], role, scope)
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


# Every route that names an object: in its path, its query (the problem index names a
# municipality and a group) or, for the creating routes, its body. A route on the user's own
# settings (`/me/...`, open to anyone signed in) names none.
_NAMING_AN_OBJECT = sorted(
    r
    for r in ROUTES
    if ROUTES[r][0] != "anyone"
    and ("{" in r or ROUTES[r][1] is not None or r == "GET /api/v1/problems")
)


@pytest.mark.parametrize("route_world", _NAMING_AN_OBJECT, indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_another_municipalitys_object_is_answered_as_a_missing_one(
    route_world: tuple[World, TestClient[Litestar]], role: str, request: pytest.FixtureRequest
) -> None:
    """Another municipality's object and one that does not exist (its next reference, the
    lägesbild of a later year, a random id) get the same status and byte for byte the same
    body: nobody counts another municipality's cases by probing ids."""
    route = request.node.callspec.params["route_world"]
    world, client = route_world
    foreign = _send(client, world, route, role, world.scopes["foreign"])
    missing = _send(client, world, route, role, missing_objects(world.scopes["foreign"]))
    assert foreign.status_code >= 400, foreign.text
    assert (foreign.status_code, _without_request_id(foreign)) == (
        missing.status_code,
        _without_request_id(missing),
    )


def _without_request_id(response: Response) -> bytes:
    """The body, less any request id it quotes (that differs from request to request)."""
    if "json" not in response.headers.get("content-type", ""):
        return response.content
    answer = response.json()
    if isinstance(answer, dict):
        answer.pop("request_id", None)
        answer.pop("instance", None)
    return json.dumps(answer, sort_keys=True).encode()
