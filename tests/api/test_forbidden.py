"""A role that never may do something is refused by the shared policy with a domain error
(``ForbiddenError``); the API answers 403 problem+json in the shape of every error: the
kind in ``type`` and ``title``, the reason in ``detail``, and nothing else."""

from __future__ import annotations

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import World


def test_a_forbidden_role_gets_403_with_the_reason_as_detail(
    client: TestClient[Litestar], world: World
) -> None:
    """An auditor listing users: exactly status, title and detail, in problem+json."""
    answer = client.get("/api/v1/users", headers=world.headers("auditor"))
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json() == {
        "status": 403,
        "type": "urn:problemorienterat:error:forbidden",
        "title": "Förbjudet",
        "detail": "Rollen auditor får inte göra detta.",
        "rule": "forbidden",
    }


def test_an_administrator_reading_a_problem_gets_403(
    client: TestClient[Litestar], world: World
) -> None:
    """Administrators manage users and nothing else."""
    reference = world.scopes["own"].reference
    answer = client.get(f"/api/v1/problems/{reference}", headers=world.headers("admin"))
    assert answer.status_code == 403
    assert answer.json() == {
        "status": 403,
        "type": "urn:problemorienterat:error:forbidden",
        "title": "Förbjudet",
        "detail": "Administratörer hanterar bara användare.",
        "rule": "forbidden",
    }
