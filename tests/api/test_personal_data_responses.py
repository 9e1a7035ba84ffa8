"""Contact persons' details reach only those who may see personal data."""

from __future__ import annotations

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import World

from api.routes.grannsamverkan import AreaView


def test_the_area_shows_contact_details_to_its_group_and_the_bra(
    client: TestClient[Litestar], world: World
) -> None:
    """Members of the owning group, lokala BRÅ and auditors read the contact person."""
    area_id = world.scopes["own"].area_id
    for role in ("member", "bra", "auditor"):
        answer = client.get(f"/api/v1/grannsamverkan-areas/{area_id}", headers=world.headers(role))
        assert answer.status_code == 200, answer.text
        assert [p["name"] for p in answer.json()["contact_persons"]] == ["Boende Person"]


def test_others_see_that_a_contact_person_exists_but_not_who(world: World) -> None:
    """The response model masks every detail when the reader may not see personal data."""
    area = world.application.get_grannsamverkan_area(world.scopes["own"].area_id)  # type: ignore[arg-type]
    masked = AreaView.of(area, visible=False)
    assert [p.name for p in masked.contact_persons] == ["[dold]"]
    assert "Boende Person" not in masked.model_dump_json()
