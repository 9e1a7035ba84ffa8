"""The browser reaches the server started for the tests: the stack works end to end."""

from __future__ import annotations

import json

from playwright.sync_api import Page

from e2e.installation import YOUTH_GROUP, User


def test_the_browser_reads_health_and_ready_from_the_server(page: Page) -> None:
    """Chromium opens /health and /ready on the live server and gets their JSON answers."""
    response = page.goto("/health")
    assert response is not None
    assert response.status == 200
    assert json.loads(page.locator("body").inner_text()) == {"status": "ok"}

    response = page.goto("/ready")
    assert response is not None
    assert response.status == 200
    assert json.loads(page.locator("body").inner_text()) == {"status": "ready"}


def test_the_openapi_document_names_the_product(page: Page) -> None:
    """The OpenAPI document the server publishes opens in the browser and is the product's."""
    response = page.goto("/schema/openapi.json")
    assert response is not None
    assert response.status == 200
    document = json.loads(page.locator("body").inner_text())
    assert document["info"]["title"] == "Problemorienterat"
    assert "/health" in document["paths"]


def test_the_users_are_real_users_of_kungsor(users: dict[str, User], page: Page) -> None:
    """Each user made with `users add` is accepted by the API with their token, in their role
    and name, for Kungsör; the member may read UNG-gruppen's board but no other group's."""

    def bearer(role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {users[role].token}"}

    for role, user in users.items():
        answer = page.request.get("/api/v1/me", headers=bearer(role))
        assert answer.status == 200, role
        me = answer.json()
        assert (me["role"], me["name"], me["municipalities"]) == (role, user.name, ["1882"])

    overview = page.request.get("/api/v1/municipalities/1882/bra-overview", headers=bearer("bra"))
    assert overview.status == 200
    groups = {g["group_name"]: g["group_id"] for g in overview.json()["view"]["by_group"]}
    own = page.request.get(f"/api/v1/groups/{groups[YOUTH_GROUP]}/board", headers=bearer("member"))
    other = page.request.get(
        f"/api/v1/groups/{groups['Grannsamverkan Valla']}/board", headers=bearer("member")
    )
    assert (own.status, other.status) == (200, 404)
