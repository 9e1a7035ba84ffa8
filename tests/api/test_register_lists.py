"""The municipality's lists of agreements and Grannsamverkan areas: who reads them, what
they hold (no personal data), and the new figures (households, signs) of an area."""

from __future__ import annotations

from datetime import date

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import World

HOME, FOREIGN = "1882", "1980"


def test_every_reader_lists_the_municipalitys_agreements(
    client: TestClient[Litestar], world: World
) -> None:
    """Members, lokala BRÅ and auditors list the agreements; each says whether it is in
    force and how many revisions it has."""
    agreement_id = world.scopes["own"].agreement_id
    for role in ("member", "bra", "auditor"):
        answer = client.get(
            f"/api/v1/municipalities/{HOME}/agreements", headers=world.headers(role)
        )
        assert answer.status_code == 200, answer.text
        listed = answer.json()
        assert [a["id"] for a in listed] == [str(agreement_id)]
        assert listed[0]["municipality"] == HOME
        assert listed[0]["revisions"] == len(
            world.application.get_agreement(agreement_id).revisions
        )  # type: ignore[arg-type]
        assert listed[0]["in_force"] is True


def test_another_municipalitys_lists_are_not_found(
    client: TestClient[Litestar], world: World
) -> None:
    """A user of Kungsör gets 404 for Västerås' lists, as for a municipality that does not
    exist; an administrator gets 403."""
    for what in ("agreements", "grannsamverkan-areas"):
        path = f"/api/v1/municipalities/{FOREIGN}/{what}"
        assert client.get(path, headers=world.headers("bra")).status_code == 404
        assert client.get(path, headers=world.headers("admin")).status_code == 403


def test_the_area_list_counts_contact_persons_without_naming_them(
    client: TestClient[Litestar], world: World
) -> None:
    """Lokala BRÅ sees both groups' areas with the number of contact persons, never a name;
    a member sees only their own group's area."""
    own, other = world.scopes["own"].area_id, world.scopes["other"].area_id
    bra = client.get(
        f"/api/v1/municipalities/{HOME}/grannsamverkan-areas", headers=world.headers("bra")
    )
    assert bra.status_code == 200, bra.text
    assert {a["id"] for a in bra.json()} == {str(own), str(other)}
    assert all(a["contact_persons"] == 1 for a in bra.json())
    assert "Boende Person" not in bra.text
    member = client.get(
        f"/api/v1/municipalities/{HOME}/grannsamverkan-areas", headers=world.headers("member")
    )
    assert [a["id"] for a in member.json()] == [str(own)]


def test_the_figures_of_an_area_are_updated_and_listed(
    client: TestClient[Litestar], world: World
) -> None:
    """POST …/figures records households and signs; the list and the area show them; a
    negative number of signs is a 400 problem naming the field."""
    area_id = world.scopes["own"].area_id
    path = f"/api/v1/grannsamverkan-areas/{area_id}/figures"
    answer = client.post(path, json={"households": 55, "signs": 8}, headers=world.headers("member"))
    assert answer.status_code in (200, 201, 202), answer.text
    area = client.get(f"/api/v1/grannsamverkan-areas/{area_id}", headers=world.headers("bra"))
    assert (area.json()["households"], area.json()["signs"]) == (55, 8)
    refused = client.post(path, json={"signs": -1}, headers=world.headers("bra"))
    assert refused.status_code == 400
    assert "signs" in refused.text
    assert world.application.get_grannsamverkan_area(area_id).signs == 8  # type: ignore[arg-type]


def test_a_new_agreement_is_listed_first(client: TestClient[Litestar], world: World) -> None:
    """The newest agreement (by its start) comes first."""
    body = {
        "municipality": HOME,
        "police_area": "Lokalpolisområde Köping",
        "purpose": "Samverkan mot brott.",
        "parties": ["Kungsörs kommun", "Polisen"],
        "signatories": [{"name": "Anna Chef", "title": "Kommundirektör", "organisation": "kommun"}],
        "commitments": ["Gemensam lägesbild."],
        "valid_from": date(2030, 1, 1).isoformat(),
    }
    signed = client.post("/api/v1/agreements", json=body, headers=world.headers("bra"))
    assert signed.status_code == 201, signed.text
    listed = client.get(
        f"/api/v1/municipalities/{HOME}/agreements", headers=world.headers("auditor")
    ).json()
    assert listed[0]["valid_from"] == "2030-01-01"
    assert len(listed) == 2
