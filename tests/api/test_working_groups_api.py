"""Working groups over the API: members are users picked by id, a municipality's groups are
listed, ``/me`` names the user's groups, a new problem's answer names its reference, and a
dissolved group's former members reach nothing of it any more."""

from __future__ import annotations

import re
from typing import Any

import pytest
from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient
from route_table import ROUTES, expected
from world import SYSTEM, Objects, World

from problemorienterat.domain.actor import Organisation, Role

# The routes whose object a working group is responsible for (or that name a group).
GROUP_KINDS = {"group_read", "index", "group_write", "create_in_group", "group_bra"}
GROUP_ROUTES = sorted(r for r, (kind, _) in ROUTES.items() if kind in GROUP_KINDS)


def _send(client: TestClient[Litestar], world: World, route: str, role: str) -> Response:
    """``route`` on the own scope's objects as ``role`` sends it (the table's body)."""
    objects: Objects = world.scopes["own"]
    _kind, body = ROUTES[route]
    method, template = route.split(" ", 1)
    path = re.sub(r"\{(\w+):\w+\}", lambda m: str(objects.path_params()[m.group(1)]), template)
    params: dict[str, Any] = {}
    if template == "/api/v1/problems":
        params = {"municipality": objects.municipality, "group_id": str(objects.group_id)}
    return client.request(
        method,
        path,
        params=params,
        json=body(objects) if body else None,
        headers=world.headers(role),
    )


def _add_member(client: TestClient[Litestar], world: World, body: dict[str, Any]) -> Response:
    group = world.scopes["other"].group_id
    return client.post(f"/api/v1/groups/{group}/members", json=body, headers=world.headers("bra"))


def test_a_dissolved_groups_former_members_reach_it_as_another_groups(
    client: TestClient[Litestar], world: World
) -> None:
    """After lokala BRÅ dissolves the group, every route on its problems, areas and board
    answers its former member exactly as for a group they never belonged to (404, or 422
    for a group named in a body): no write, and no read either."""
    own = world.scopes["own"]
    world.application.dissolve_group(SYSTEM, own.group_id, reason="Uppdraget är slutfört.")
    assert GROUP_ROUTES
    for route in GROUP_ROUTES:
        response = _send(client, world, route, "member")
        want = expected(ROUTES[route][0], "member", "other")
        assert str(response.status_code) == want, (route, response.text)


def test_lokala_bra_and_auditors_still_read_a_dissolved_groups_problems(
    client: TestClient[Litestar], world: World
) -> None:
    """The record stays readable for those who oversee it: lokala BRÅ and auditors."""
    own = world.scopes["own"]
    world.application.dissolve_group(SYSTEM, own.group_id, reason="Uppdraget är slutfört.")
    reads = [r for r in GROUP_ROUTES if r.startswith("GET ")]
    assert "GET /api/v1/problems/{reference:str}" in reads
    for role in ("bra", "auditor"):
        for route in reads:
            response = _send(client, world, route, role)
            assert response.status_code == 200, (role, route, response.text)


def test_a_member_is_added_by_user_id_with_the_users_own_name(
    client: TestClient[Litestar], world: World
) -> None:
    """Lokala BRÅ names the user; the group shows the user's name and organisation."""
    user_id = world.scopes["own"].user_id
    added = _add_member(client, world, {"user_id": user_id, "role_in_group": "Skolans rep"})
    assert added.status_code == 200, added.text
    group = client.get(
        f"/api/v1/groups/{world.scopes['other'].group_id}", headers=world.headers("bra")
    ).json()
    assert group["members"] == [
        {
            "user_id": user_id,
            "name": "Test subject",
            "organisation": "kommun",
            "role_in_group": "Skolans rep",
        }
    ]


@pytest.mark.parametrize("who", ["unknown", "foreign", "revoked", "bra", "auditor"])
def test_adding_a_member_refuses_anyone_but_an_active_member_user_of_the_municipality(
    client: TestClient[Litestar], world: World, who: str
) -> None:
    """An id that names nobody, another municipality's user, a revoked user and a user in
    another role get one 422 naming ``user_id``; nothing is recorded."""
    if who == "unknown":
        user_id = "0b9a3c52-3f0e-4d0e-9b1e-7a4f3f1c2d11"
    elif who == "foreign":
        user_id = world.scopes["foreign"].user_id
    elif who == "revoked":
        user_id = world.scopes["own"].user_id
        world.application.revoke_user(SYSTEM, user_id)
    else:
        user_id = world.user_ids[who]
    response = _add_member(client, world, {"user_id": user_id})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == "user_id"
    assert world.application.get_group(world.scopes["other"].group_id).members == {}


@pytest.mark.parametrize("field", ["name", "organisation"])
def test_a_typed_name_or_organisation_is_refused(
    client: TestClient[Litestar], world: World, field: str
) -> None:
    """The contract takes no name or organisation: sending one is 400 naming it."""
    body = {"user_id": world.scopes["own"].user_id, field: "kommun"}
    response = _add_member(client, world, body)
    assert response.status_code == 400, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_the_groups_of_a_municipality_are_listed(
    client: TestClient[Litestar], world: World
) -> None:
    """Lokala BRÅ and auditors list every group (a dissolved one flagged, last); a member
    lists the groups they belong to; another municipality's list is 404."""
    other = world.scopes["other"].group_id
    world.application.dissolve_group(SYSTEM, other, reason="Uppdraget är slutfört.")
    for role in ("bra", "auditor"):
        listed = client.get("/api/v1/municipalities/1882/groups", headers=world.headers(role))
        assert listed.status_code == 200, listed.text
        assert [(g["name"], g["dissolved"], g["member_count"]) for g in listed.json()] == [
            ("UNG-gruppen", False, 1),
            ("Grannsamverkan Valla", True, 0),
        ]
        first = listed.json()[0]
        assert first["kind"] == "ung"
        assert first["mandate"] == "Förebygga."
        assert first["id"] == str(world.scopes["own"].group_id)
    mine = client.get("/api/v1/municipalities/1882/groups", headers=world.headers("member"))
    assert [g["name"] for g in mine.json()] == ["UNG-gruppen"]
    foreign = client.get("/api/v1/municipalities/1980/groups", headers=world.headers("bra"))
    assert foreign.status_code == 404


def test_me_no_longer_names_a_dissolved_group(client: TestClient[Litestar], world: World) -> None:
    """``/api/v1/me`` lists the groups the user is a member of, not dissolved ones."""
    world.application.dissolve_group(SYSTEM, world.scopes["own"].group_id, reason="Klart.")
    assert client.get("/api/v1/me", headers=world.headers("member")).json()["groups"] == []


def test_a_new_problem_is_answered_with_its_reference(
    client: TestClient[Litestar], world: World
) -> None:
    """The 201 of ``POST /api/v1/problems`` names the reference besides the id."""
    body = ROUTES["POST /api/v1/problems"][1]
    assert body is not None
    response = client.post(
        "/api/v1/problems",
        json=body(world.scopes["own"]),
        headers={**world.headers("member"), "Idempotency-Key": "first-problem"},
    )
    assert response.status_code == 201, response.text
    answer = response.json()
    reference = world.application.get_problem(answer["id"]).reference
    assert re.fullmatch(r"KUN-\d{4}-\d{4}", answer["reference"])
    assert answer["reference"] == reference
    assert response.headers["location"] == f"/api/v1/problems/{reference}"
    again = client.post(
        "/api/v1/problems",
        json=body(world.scopes["own"]),
        headers={**world.headers("member"), "Idempotency-Key": "first-problem"},
    )
    assert again.json() == answer  # a retry answers as the first time


def test_a_user_in_another_role_gets_no_groups_when_created(
    client: TestClient[Litestar], world: World
) -> None:
    """``POST /api/v1/users`` gives groups to member-role users only (422 on group_ids)."""
    response = client.post(
        "/api/v1/users",
        headers=world.headers("admin"),
        json={
            "name": "Ny Samordnare",
            "organisation": Organisation.KOMMUN.value,
            "role": Role.BRA.value,
            "municipalities": ["1882"],
            "group_ids": [str(world.scopes["own"].group_id)],
        },
    )
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "group_ids"
