"""Over the API, too: an administrator gives a user another role and other municipalities
(``/assignment``) only within their own municipalities, and may add a user with the
address their reminders go to."""

from __future__ import annotations

from uuid import uuid4

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import FOREIGN, HOME, World


def test_a_municipal_administrator_changes_a_users_role_only_within_its_municipality(
    client: TestClient[Litestar], world: World
) -> None:
    """Kungsör's administrator makes its lokala BRÅ an auditor; moving them to Västerås is
    422 on ``municipalities``; Västerås's user is 404, as one that does not exist."""
    headers = world.headers("admin")
    user_id = world.user_ids["bra"]
    path = f"/api/v1/users/{user_id}/assignment"
    changed = client.post(path, json={"role": "auditor", "municipalities": [HOME]}, headers=headers)
    assert changed.status_code == 200, changed.text
    assert world.application.get_user(user_id).role.value == "auditor"
    moved = client.post(
        path, json={"role": "auditor", "municipalities": [FOREIGN]}, headers=headers
    )
    assert moved.status_code == 422
    assert moved.json()["field"] == "municipalities"
    foreign = f"/api/v1/users/{world.user_ids['foreign_bra']}/assignment"
    body = {"role": "member", "municipalities": [HOME]}
    hidden = client.post(foreign, json=body, headers=headers)
    unknown = client.post(f"/api/v1/users/{uuid4()}/assignment", json=body, headers=headers)
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.content == unknown.content


def test_a_user_is_added_with_an_e_mail_address(client: TestClient[Litestar], world: World) -> None:
    added = client.post(
        "/api/v1/users",
        json={
            "name": "Eva Epost",
            "organisation": "kommun",
            "role": "bra",
            "municipalities": [HOME],
            "email": "eva@kungsor.se",
        },
        headers=world.headers("admin"),
    )
    assert added.status_code == 201, added.text
    user = world.application.get_user(added.json()["user_id"])
    assert user.email is not None
    assert user.email.text == "eva@kungsor.se"
    bad = client.post(
        "/api/v1/users",
        json={
            "name": "X",
            "organisation": "kommun",
            "role": "bra",
            "municipalities": [HOME],
            "email": "inte en adress",
        },
        headers=world.headers("admin"),
    )
    assert bad.status_code == 400  # the API's answer to a body that does not validate
    assert "email" in bad.text
    assert "inte en adress" not in bad.text
