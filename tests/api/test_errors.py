"""Every error is application/problem+json naming what went wrong: 400/422 the field, 401
without a valid token, 404 unknown ids, 409 a SARA rule or a concurrent write, 412 a stale
If-Match, 413 an oversized body, 429 too many requests."""

from __future__ import annotations

import re
from typing import Any

import pytest
from api_fixtures import (  # noqa: F401 - fixtures
    client_fixture,
    in_memory,
    web_fixture,
    world_fixture,
)
from eventsourcing.persistence import IntegrityError
from litestar import Litestar
from litestar.testing import TestClient
from route_table import ROUTES
from world import World, build_world

from problemorienterat.composition import create_app

PROBLEM_JSON = "application/problem+json"
EFFORT = {"organisation": "kommun", "partner": "Fritidsgården", "hours": 2}


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def _path(template: str, world: World) -> str:
    params = world.scopes["own"].path_params()
    return re.sub(r"\{(\w+):\w+\}", lambda m: str(params[m.group(1)]), template)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_no_api_route_answers_without_a_token(
    client: TestClient[Litestar], world: World, route: str
) -> None:
    """Every /api route is 401 with a Bearer challenge when the token is missing."""
    method, template = route.split(" ", 1)
    response = client.request(method, _path(template, world), json={})
    _problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_health_ready_and_docs_need_no_token(client: TestClient[Litestar], world: World) -> None:
    """Liveness, readiness and the OpenAPI document are open."""
    assert client.get("/health").status_code == 200
    assert client.get("/ready").status_code == 200
    assert client.get("/schema/openapi.json").status_code == 200


@pytest.mark.parametrize("header", ["Bearer wrong-token", "Basic dXNlcjpwdw==", "Bearer ", "x"])
def test_a_wrong_token_is_401(client: TestClient[Litestar], world: World, header: str) -> None:
    """Unknown tokens and other schemes are refused alike."""
    _problem(client.get("/api/v1/me", headers={"Authorization": header}), 401)


def test_a_revoked_token_stops_working_at_once(client: TestClient[Litestar], world: World) -> None:
    """After ``users revoke`` the same token is 401."""
    assert client.get("/api/v1/me", headers=world.headers("member")).status_code == 200
    world.application.revoke_user(
        world.application.get_user(world.user_ids["bra"]).actor, world.user_ids["member"]
    )
    _problem(client.get("/api/v1/me", headers=world.headers("member")), 401)


def test_an_unknown_field_is_400_naming_it(client: TestClient[Litestar], world: World) -> None:
    """Clients cannot set versions, actors or timestamps: such fields are refused by name."""
    own = world.scopes["own"]
    for field in ("version", "actor", "timestamp"):
        response = client.post(
            f"/api/v1/problems/{own.reference}/causes",
            json={"description": "Orsak.", field: 1},
            headers=world.headers("member"),
        )
        body = _problem(response, 400)
        assert [e["field"] for e in body["errors"]] == [field]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"side": "nowhere", "description": "x"}, "side"),
        ({"side": "place"}, "description"),
        ({"side": "place", "description": ""}, "description"),
        ({"side": "place", "description": "x" * 4001}, "description"),
        ({"side": "place", "description": "a\u0000b"}, "description"),
    ],
)
def test_bad_input_is_400_naming_the_field(
    client: TestClient[Litestar], world: World, body: dict[str, Any], field: str
) -> None:
    """Wrong enum values, missing, empty and overlong texts, and NUL characters (which
    PostgreSQL text cannot hold) name their field."""
    own = world.scopes["own"]
    response = client.post(
        f"/api/v1/problems/{own.reference}/findings", json=body, headers=world.headers("member")
    )
    assert field in [e["field"] for e in _problem(response, 400)["errors"]]


def test_malformed_json_is_400(client: TestClient[Litestar], world: World) -> None:
    """A body that is not JSON is a client error, not a server error."""
    own = world.scopes["own"]
    response = client.post(
        f"/api/v1/problems/{own.reference}/causes",
        content=b"{not json",
        headers={**world.headers("member"), "Content-Type": "application/json"},
    )
    assert response.status_code == 400


def test_a_value_the_domain_refuses_is_422_naming_the_field(
    client: TestClient[Litestar], world: World
) -> None:
    """A measure whose period ends before it starts is 422 with field period_end."""
    own = world.scopes["own"]
    response = client.post(
        f"/api/v1/problems/{own.reference}/follow-ups",
        headers=world.headers("member"),
        json={
            "measure": {
                "indicator": "x",
                "area": "Valla",
                "value": 1,
                "period_start": "2026-06-30",
                "period_end": "2026-01-01",
            }
        },
    )
    body = _problem(response, 422)
    assert body["field"] == "period_end"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/problems/KUN-1999-0001",
        "/api/v1/groups/00000000-0000-0000-0000-000000000000",
        "/api/v1/citizen-promises/00000000-0000-0000-0000-000000000000",
        "/api/v1/municipalities/0000",
    ],
)
def test_unknown_ids_are_404(client: TestClient[Litestar], world: World, path: str) -> None:
    """Unknown references and ids are 404 problem details."""
    _problem(client.get(path, headers=world.headers("bra")), 404)


def test_a_sara_rule_is_409_with_the_rule_in_plain_words(
    client: TestClient[Litestar], world: World
) -> None:
    """Approving an assessment that was never submitted names the rule and explains it."""
    own = world.scopes["own"]
    response = client.post(
        f"/api/v1/problems/{own.reference}/assessment-approval",
        json={},
        headers=world.headers("bra"),
    )
    body = _problem(response, 409)
    assert body["rule"]
    assert len(body["detail"]) > 20


def test_if_match_with_the_current_version_is_accepted_and_a_stale_one_is_412(
    client: TestClient[Litestar], world: World
) -> None:
    """GET's ETag may be sent as If-Match; once someone else changed the problem it is 412
    and nothing is recorded."""
    path = f"/api/v1/problems/{world.scopes['own'].reference}"
    etag = client.get(path, headers=world.headers("member")).headers["etag"]
    first = client.post(
        f"{path}/efforts", json=EFFORT, headers={**world.headers("member"), "If-Match": etag}
    )
    assert first.status_code == 200
    stale = client.post(
        f"{path}/efforts", json=EFFORT, headers={**world.headers("bra"), "If-Match": etag}
    )
    body = _problem(stale, 412)
    assert body["rule"] == "version-conflict"
    assert (
        client.get(path, headers=world.headers("member")).headers["etag"] == first.headers["etag"]
    )


def test_a_malformed_if_match_is_400_naming_the_header(
    client: TestClient[Litestar], world: World
) -> None:
    """If-Match must be an ETag the API gave out."""
    path = f"/api/v1/problems/{world.scopes['own'].reference}/causes"
    response = client.post(
        path,
        json={"description": "A."},
        headers={**world.headers("member"), "If-Match": "yesterday"},
    )
    assert _problem(response, 400)["errors"][0]["field"] == "If-Match"


def test_a_concurrent_write_is_409_and_saves_nothing(
    client: TestClient[Litestar], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When another process saved the same version first, the command is 409."""
    path = f"/api/v1/problems/{world.scopes['own'].reference}"
    before = client.get(path, headers=world.headers("member")).json()["version"]

    def lost_race(*_args: Any, **_kwargs: Any) -> Any:
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(world.application, "save", lost_race)
    body = _problem(
        client.post(f"{path}/efforts", json=EFFORT, headers=world.headers("member")), 409
    )
    assert body["rule"] == "concurrent-write"
    monkeypatch.undo()
    assert client.get(path, headers=world.headers("member")).json()["version"] == before


def test_an_oversized_body_is_413(client: TestClient[Litestar], world: World) -> None:
    """Bodies above the limit (64 KiB by default) are refused before parsing."""
    path = f"/api/v1/problems/{world.scopes['own'].reference}/causes"
    response = client.post(
        path,
        content=b'{"description": "' + b"x" * 70_000 + b'"}',
        headers={**world.headers("member"), "Content-Type": "application/json"},
    )
    _problem(response, 413)


def test_too_many_requests_is_429(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE a client gets 429 problem details."""
    monkeypatch.setenv("PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE", "3")
    application = in_memory()
    world = build_world(application)
    with TestClient(app=create_app(application=application)) as limited:
        answers = [
            limited.get("/api/v1/me", headers=world.headers("member")).status_code for _ in range(4)
        ]
        assert answers[:3] == [200, 200, 200]
        _problem(limited.get("/api/v1/me", headers=world.headers("member")), 429)
    application.close()


def test_a_client_hanging_up_before_its_body_arrived_is_no_server_error(
    client: TestClient[Litestar], world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """A phone losing its network (or a load generator stopping) mid-request: nothing is
    saved, the request line says 400 and no unhandled error with a traceback is logged."""
    reference = world.scopes["own"].reference
    before = client.get(f"/api/v1/problems/{reference}", headers=world.headers("member"))
    token = world.headers("member")["Authorization"]
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": f"/api/v1/problems/{reference}/efforts",
        "raw_path": f"/api/v1/problems/{reference}/efforts".encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver.local"),
            (b"authorization", token.encode()),
            (b"content-type", b"application/json"),
            (b"content-length", b"60"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver.local", 80),
        "state": {},
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    capsys.readouterr()
    client.blocking_portal.call(client.app, scope, receive, send)
    logged = capsys.readouterr().err

    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 400
    assert "client_disconnected" in logged
    assert "unhandled_error" not in logged
    assert "Traceback" not in logged
    after = client.get(f"/api/v1/problems/{reference}", headers=world.headers("member"))
    assert after.headers["etag"] == before.headers["etag"]  # nothing saved
