"""Commands on working groups, lägesbild, medborgarlöfte, agreements, Grannsamverkan areas and
municipalities: each answers 2xx with version and position, and the GET shows the change."""

from __future__ import annotations

from typing import Any

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import YEAR, World


def _send(
    client: TestClient[Litestar],
    world: World,
    method: str,
    path: str,
    body: Any = None,
    *,
    role: str = "bra",
) -> dict[str, Any]:
    response = client.request(method, path, json=body, headers=world.headers(role))
    assert response.status_code in (200, 201), response.text
    answer: dict[str, Any] = response.json()
    assert answer["version"] >= 1
    assert answer["position"] >= 1
    answer["location"] = response.headers.get("location")
    return answer


def _get(client: TestClient[Litestar], world: World, path: str) -> dict[str, Any]:
    response = client.get(path, headers=world.headers("auditor"))
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == f'"{response.json()["version"]}"'
    body: dict[str, Any] = response.json()
    return body


def test_lokala_bra_establishes_and_runs_a_working_group(
    client: TestClient[Litestar], world: World
) -> None:
    """Establish, add and remove a member, revise the mandate, dissolve."""
    group = _send(
        client,
        world,
        "POST",
        "/api/v1/groups",
        {
            "municipality": "1882",
            "name": "Trygg i centrum",
            "kind": "project",
            "mandate": "Minska oron i centrum.",
        },
    )["location"]
    eva = world.scopes["own"].user_id  # a member-role user of 1882
    _send(client, world, "POST", f"{group}/members", {"user_id": eva})
    assert [m["user_id"] for m in _get(client, world, group)["members"]] == [eva]
    _send(client, world, "DELETE", f"{group}/members/{eva}")
    _send(
        client,
        world,
        "POST",
        f"{group}/mandate",
        {"mandate": "Minska oron i centrum och vid stationen.", "reason": "Ny lägesbild."},
    )
    _send(client, world, "POST", f"{group}/dissolution", {"reason": "Uppdraget är klart."})
    state = _get(client, world, group)
    assert state["members"] == []
    assert state["dissolved_at"] is not None


def test_the_lagesbild_is_drawn_up_filled_in_and_adopted(
    client: TestClient[Litestar], world: World
) -> None:
    """Draw up, record and withdraw observations, adopt."""
    picture = _send(
        client,
        world,
        "POST",
        "/api/v1/situation-pictures",
        {"municipality": "1882", "year": YEAR + 1, "summary": "Läget 2027."},
    )
    path = picture["location"]
    observation = _send(
        client,
        world,
        "POST",
        f"{path}/observations",
        {
            "area": "Stationen",
            "description": "Fler rån.",
            "trend": "increasing",
            "source": "Polisens statistik",
        },
    )["item_id"]
    _send(
        client,
        world,
        "POST",
        f"{path}/observations",
        {"area": "Centrum", "description": "Lugnt.", "trend": "stable", "source": "NTU"},
    )
    _send(
        client,
        world,
        "POST",
        f"{path}/observations/{observation}/withdrawal",
        {"reason": "Felaktig siffra."},
    )
    _send(client, world, "POST", f"{path}/adoption", {"adopted_on": "2027-02-01"})
    state = _get(client, world, path)
    assert [o["area"] for o in state["observations"]] == ["Centrum"]
    assert state["adopted_on"] == "2027-02-01"


def test_the_medborgarlofte_is_drafted_adopted_carried_out_and_followed_up(
    client: TestClient[Litestar], world: World
) -> None:
    """Draft, add a focus area and an activity, adopt, change the activity, follow up."""
    path = _send(
        client,
        world,
        "POST",
        "/api/v1/citizen-promises",
        {"municipality": "1882", "year": YEAR + 1, "title": "Tryggt Kungsör"},
    )["location"]
    focus = _send(
        client,
        world,
        "POST",
        f"{path}/focus-areas",
        {"title": "Unga", "description": "Färre unga i brott."},
    )["item_id"]
    activity = _send(
        client,
        world,
        "POST",
        f"{path}/activities",
        {
            "focus_area_id": focus,
            "description": "Nattvandring varje fredag.",
            "responsible_organisation": "forening",
            "responsible_party": "Nattvandrarna",
            "due_date": "2027-12-31",
        },
    )["item_id"]
    _send(client, world, "POST", f"{path}/adoption", {"adopted_on": "2027-01-15"})
    _send(
        client,
        world,
        "POST",
        f"{path}/activities/{activity}/status",
        {"status": "done", "note": "52 kvällar."},
    )
    _send(
        client,
        world,
        "POST",
        f"{path}/follow-up",
        {
            "summary": "Löftet hölls.",
            "outcomes": [{"focus_area_id": focus, "outcome": "Färre anmälningar."}],
        },
    )
    state = _get(client, world, path)
    assert state["activities"][0]["status"] == "done"
    assert state["focus_areas"][0]["outcome"] == "Färre anmälningar."


def test_an_agreement_is_signed_revised_and_terminated(
    client: TestClient[Litestar], world: World
) -> None:
    """Sign, revise, terminate; the revision and the end are in its state."""
    path = _send(
        client,
        world,
        "POST",
        "/api/v1/agreements",
        {
            "municipality": "1882",
            "police_area": "Västra Mälardalen",
            "purpose": "Samverkan.",
            "parties": ["Kungsörs kommun", "Lokalpolisområde Västra Mälardalen"],
            "signatories": [
                {"name": "A B", "title": "Kommundirektör", "organisation": "kommun"},
                {"name": "C D", "title": "Lokalpolisområdeschef", "organisation": "polis"},
            ],
            "commitments": ["Gemensam lägesbild."],
            "valid_from": "2022-12-15",
        },
    )["location"]
    _send(
        client,
        world,
        "POST",
        f"{path}/revisions",
        {
            "summary": "Medborgarlöfte varje år.",
            "commitments": ["Lägesbild.", "Medborgarlöfte."],
            "valid_from": "2024-01-01",
        },
    )
    _send(
        client,
        world,
        "POST",
        f"{path}/termination",
        {"reason": "Ersätts av ny överenskommelse.", "on": "2026-12-31"},
    )
    state = _get(client, world, path)
    assert len(state["revisions"]) == 1
    assert state["terminated_on"] == "2026-12-31"


def test_a_grannsamverkan_area_is_registered_and_kept(
    client: TestClient[Litestar], world: World
) -> None:
    """A member registers an area for their group, adds and removes contacts, pauses it."""
    own = world.scopes["own"]
    path = _send(
        client,
        world,
        "POST",
        "/api/v1/grannsamverkan-areas",
        {
            "municipality": "1882",
            "area": "Skogsbacken",
            "started_on": "2026-03-01",
            "group_id": str(own.group_id),
            "households": 40,
        },
        role="member",
    )["location"]
    person = _send(
        client,
        world,
        "POST",
        f"{path}/contact-persons",
        {"name": "Stina Ek", "phone": "070-123 45 67", "email": "stina@example.se"},
        role="member",
    )["item_id"]
    assert _get(client, world, path)["contact_persons"][0]["name"] == "Stina Ek"
    _send(client, world, "DELETE", f"{path}/contact-persons/{person}", role="member")
    _send(
        client,
        world,
        "POST",
        f"{path}/status",
        {"status": "paused", "reason": "Vila."},
        role="member",
    )
    state = _get(client, world, path)
    assert state["status"] == "paused"
    assert state["contact_persons"] == []


def test_an_installation_admin_registers_a_municipality_and_users_see_only_their_own(
    client: TestClient[Litestar], world: World
) -> None:
    """Installation-wide administrators set up municipalities; the list shows each user the
    municipalities given them."""
    _send(
        client,
        world,
        "POST",
        "/api/v1/municipalities",
        {"code": "1907", "name": "Surahammar", "reference_prefix": "SUR"},
        role="installation_admin",
    )
    listed = client.get("/api/v1/municipalities", headers=world.headers("bra")).json()
    assert [m["code"] for m in listed] == ["1882"]
    one = client.get("/api/v1/municipalities/1882", headers=world.headers("member")).json()
    assert one["reference_prefix"] == "KUN"


def test_me_tells_who_the_token_belongs_to(client: TestClient[Litestar], world: World) -> None:
    """GET /api/v1/me answers the authenticated user's id, role, municipalities and the
    working groups they are a member of."""
    me = client.get("/api/v1/me", headers=world.headers("member")).json()
    assert me == {
        "user_id": world.user_ids["member"],
        "name": "Test member",
        "organisation": "kommun",
        "role": "member",
        "municipalities": ["1882"],
        "groups": [
            {"id": str(world.scopes["own"].group_id), "name": "UNG-gruppen", "municipality": "1882"}
        ],
    }


def test_an_admin_adds_lists_and_revokes_users_over_the_api(
    client: TestClient[Litestar], world: World
) -> None:
    """POST /users answers the token once; it works at once; revocation ends it; the list
    never shows tokens."""
    own = world.scopes["own"]
    added = client.post(
        "/api/v1/users",
        headers=world.headers("admin"),
        json={
            "name": "Ny Polis",
            "organisation": "polis",
            "role": "member",
            "municipalities": ["1882"],
            "group_ids": [str(own.group_id)],
        },
    )
    assert added.status_code == 201, added.text
    token = added.json()["token"]
    mine = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/groups/{own.group_id}", headers=mine).status_code == 200
    listed = client.get("/api/v1/users", headers=world.headers("admin"))
    assert "Ny Polis" in listed.text
    assert token not in listed.text
    revoked = client.post(
        f"/api/v1/users/{added.json()['user_id']}/revocation", headers=world.headers("admin")
    )
    assert revoked.status_code == 200, revoked.text
    assert client.get("/api/v1/me", headers=mine).status_code == 401
