"""Idempotency-Key: a command retried with the same key records one event and answers the
same both times; the same key with another body is 422; keys belong to one user."""

from __future__ import annotations

from typing import Any

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import World

EFFORT = {"organisation": "polis", "partner": "Kommunpolisen", "hours": 3}


def _history(client: TestClient[Litestar], world: World) -> list[dict[str, Any]]:
    path = f"/api/v1/problems/{world.scopes['own'].reference}/history"
    history: list[dict[str, Any]] = client.get(path, headers=world.headers("bra")).json()
    return history


def _efforts(
    client: TestClient[Litestar], world: World, role: str, key: str, body: dict[str, Any] = EFFORT
) -> Any:
    return client.post(
        f"/api/v1/problems/{world.scopes['own'].reference}/efforts",
        json=body,
        headers={**world.headers(role), "Idempotency-Key": key},
    )


def test_a_retried_command_records_one_event_and_answers_the_same(
    client: TestClient[Litestar], world: World
) -> None:
    """Two sends with one key: one EffortRecorded, byte-identical answers and ETags."""
    before = len(_history(client, world))
    first = _efforts(client, world, "member", "retry-1")
    second = _efforts(client, world, "member", "retry-1")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.headers["etag"] == second.headers["etag"]
    assert len(_history(client, world)) == before + 1


def test_a_reused_key_with_another_body_is_422(client: TestClient[Litestar], world: World) -> None:
    """The key names one request: another body under it is refused and records nothing."""
    assert _efforts(client, world, "member", "k").status_code == 200
    before = len(_history(client, world))
    response = _efforts(client, world, "member", "k", {**EFFORT, "hours": 4})
    assert response.status_code == 422
    assert response.json()["field"] == "Idempotency-Key"
    assert len(_history(client, world)) == before


def test_keys_are_scoped_per_user(client: TestClient[Litestar], world: World) -> None:
    """Two users who happen to choose the same key each get their own command recorded."""
    before = len(_history(client, world))
    assert _efforts(client, world, "member", "same").status_code == 200
    assert _efforts(client, world, "bra", "same").status_code == 200
    assert len(_history(client, world)) == before + 2


def test_a_failed_command_does_not_use_up_its_key(
    client: TestClient[Litestar], world: World
) -> None:
    """A key is recorded only with a command that succeeded: after a 409 the retry runs."""
    path = f"/api/v1/problems/{world.scopes['own'].reference}"
    key = {"Idempotency-Key": "after-fix"}
    refused = client.post(f"{path}/assessment", headers={**world.headers("member"), **key})
    assert refused.status_code == 409  # the action is not finished yet
    action = world.scopes["own"].action_id
    client.post(f"{path}/actions/{action}/start", headers=world.headers("member"))
    client.post(f"{path}/actions/{action}/completion", headers=world.headers("member"))
    accepted = client.post(f"{path}/assessment", headers={**world.headers("member"), **key})
    assert accepted.status_code == 200, accepted.text


def test_an_unusable_key_is_400_naming_the_header(
    client: TestClient[Litestar], world: World
) -> None:
    """Keys are 1–200 visible ASCII characters."""
    response = _efforts(client, world, "member", "x" * 201)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_a_creation_retried_creates_one_problem(client: TestClient[Litestar], world: World) -> None:
    """Identify sent twice under one key: one problem, the same Location and id."""
    own = world.scopes["own"]
    body = {
        "municipality": "1882",
        "title": "Skadegörelse",
        "description": "Krossade rutor.",
        "place": "Stationen",
        "source": "est_report",
        "reported_by": "Fastighet",
        "group_id": str(own.group_id),
    }
    headers = {**world.headers("member"), "Idempotency-Key": "create-1"}
    first = client.post("/api/v1/problems", json=body, headers=headers)
    second = client.post("/api/v1/problems", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert first.headers["location"] == second.headers["location"]
