"""Another municipality's objects answer exactly as missing ones, in a body as in a path,
and administrators manage only the users of their own municipalities (issue 17, items 5
and 6). The route-by-route comparison of paths is in ``test_authorisation.py``."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient
from world import FOREIGN, HOME, YEAR, World


def _same(first: Response, second: Response) -> None:
    assert first.status_code >= 400, first.text
    assert (first.status_code, first.content) == (second.status_code, second.content)


def _bodies_naming(world: World, named: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """The commands that name another object in their body, naming ``named``'s ids."""
    own = world.scopes["own"]
    return [
        (
            "bra",
            "/api/v1/problems",
            {
                "municipality": HOME,
                "title": "Klotter",
                "description": "Återkommande.",
                "place": "Torget",
                "source": "complaint",
                "reported_by": "Boende",
                "group_id": named["group_id"],
                "year": YEAR,
            },
        ),
        ("bra", f"/api/v1/problems/{own.reference}/group", {"group_id": named["group_id"]}),
        (
            "bra",
            f"/api/v1/problems/{own.reference}/focus-area",
            {"citizen_promise_id": named["promise_id"], "focus_area_id": named["focus_area_id"]},
        ),
        (
            "bra",
            "/api/v1/citizen-promises",
            {
                "municipality": HOME,
                "year": YEAR + 1,
                "title": "Löfte",
                "situation_picture_id": named["picture_id"],
            },
        ),
        (
            "bra",
            "/api/v1/grannsamverkan-areas",
            {
                "municipality": HOME,
                "area": "Hagalund",
                "started_on": "2026-01-01",
                "group_id": named["group_id"],
            },
        ),
        (
            "installation_admin",
            "/api/v1/users",
            {
                "name": "Ny Användare",
                "organisation": "polis",
                "role": "member",
                "municipalities": [HOME],
                "group_ids": [named["group_id"]],
            },
        ),
    ]


def test_another_municipalitys_id_in_a_body_is_refused_as_an_unknown_one(
    client: TestClient[Litestar], world: World
) -> None:
    """A command naming another municipality's group, lägesbild or medborgarlöfte gets the
    same answer, byte for byte, as one naming an id that does not exist (it was 422
    "belongs to another municipality" against 404)."""
    foreign = world.scopes["foreign"]
    named_foreign = {
        "group_id": str(foreign.group_id),
        "promise_id": str(foreign.promise_id),
        "focus_area_id": str(foreign.focus_area_id),
        "picture_id": str(foreign.picture_id),
    }
    named_missing = {key: str(uuid4()) for key in named_foreign}
    for (role, path, body), (_, _, unknown) in zip(
        _bodies_naming(world, named_foreign), _bodies_naming(world, named_missing), strict=True
    ):
        headers = world.headers(role)
        _same(
            client.post(path, json=body, headers=headers),
            client.post(path, json=unknown, headers=headers),
        )


def test_an_administrator_of_one_municipality_adds_users_only_there(
    client: TestClient[Litestar], world: World
) -> None:
    """An administrator given 1882 cannot add a user of 1980 (nor of a code never
    registered: the same 422 naming ``municipalities``); a user of 1882 they can."""

    def add(municipalities: list[str]) -> Response:
        return client.post(
            "/api/v1/users",
            json={
                "name": "Ny Användare",
                "organisation": "kommun",
                "role": "bra",
                "municipalities": municipalities,
            },
            headers=world.headers("admin"),
        )

    foreign, unknown = add([FOREIGN]), add(["0000"])
    assert foreign.status_code == 422, foreign.text
    assert foreign.json()["field"] == "municipalities"
    _same(foreign, unknown)
    assert add([HOME, FOREIGN]).status_code == 422
    assert add([]).status_code == 422
    assert add([HOME]).status_code == 201


def test_an_administrator_of_one_municipality_sees_and_revokes_only_its_users(
    client: TestClient[Litestar], world: World
) -> None:
    """The list holds the users of the administrator's municipality only; revoking another
    municipality's user is answered as revoking one that does not exist, and the user
    keeps their access."""
    listed = client.get("/api/v1/users", headers=world.headers("admin")).json()
    ids = {user["user_id"] for user in listed}
    assert world.user_ids["bra"] in ids
    assert world.user_ids["foreign_bra"] not in ids
    assert all(user["municipalities"] and set(user["municipalities"]) <= {HOME} for user in listed)

    def revoke(user_id: str) -> Response:
        return client.post(f"/api/v1/users/{user_id}/revocation", headers=world.headers("admin"))

    foreign = revoke(world.user_ids["foreign_bra"])
    assert foreign.status_code == 404
    _same(foreign, revoke(str(uuid4())))
    assert client.get("/api/v1/me", headers=world.headers("foreign_bra")).status_code == 200
    assert revoke(world.scopes["own"].user_id).status_code == 200


def test_only_an_installation_wide_administrator_registers_municipalities_and_sees_every_user(
    client: TestClient[Litestar], world: World
) -> None:
    """An administrator given a municipality gets 403 registering one; an administrator given
    none (made at the command line) registers it and lists the users of every municipality."""
    body = {"code": "1907", "name": "Surahammar", "reference_prefix": "SUR"}
    scoped = client.post("/api/v1/municipalities", json=body, headers=world.headers("admin"))
    assert scoped.status_code == 403, scoped.text
    wide = client.post(
        "/api/v1/municipalities", json=body, headers=world.headers("installation_admin")
    )
    assert wide.status_code == 201, wide.text
    listed = client.get("/api/v1/users", headers=world.headers("installation_admin")).json()
    assert {world.user_ids["bra"], world.user_ids["foreign_bra"]} <= {u["user_id"] for u in listed}


@pytest.mark.parametrize("role", ["installation_admin", "admin"])
def test_a_municipality_named_twice_for_a_user_is_refused_naming_the_field(
    client: TestClient[Litestar], world: World, role: str
) -> None:
    """["1882", "1882"] is refused with 422 naming ``municipalities`` (it was silently made
    one), and no user is added."""
    before = len(client.get("/api/v1/users", headers=world.headers(role)).json())
    answer = client.post(
        "/api/v1/users",
        json={
            "name": "Ny Användare",
            "organisation": "kommun",
            "role": "bra",
            "municipalities": [HOME, HOME],
        },
        headers=world.headers(role),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == "municipalities"
    assert len(client.get("/api/v1/users", headers=world.headers(role)).json()) == before
