"""The OpenAPI document and the server agree (issue 17, item 15), checked where a quick test
can: one rule for the status of a command, the headers a command takes and gives, the one
shape of every error, ``Allow``, and blank texts. The whole document is fuzzed by
``test_openapi_fuzz.py``."""

from __future__ import annotations

from typing import Any

import pytest
from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import World

SHAPE = {"type", "title", "status", "detail"}
OPTIONAL = {"field", "rule", "errors"}


def _document(client: TestClient[Litestar]) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/schema/openapi.json").json()
    return document


def _commands(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in item.items()
        if method in {"post", "delete"}
    ]


def test_a_command_is_documented_as_201_with_location_when_it_creates_and_200_otherwise(
    client: TestClient[Litestar],
) -> None:
    """Exactly one success status per command, 200 or 201; 201 always with Location, and
    every command's answer carries ETag."""
    for method, path, operation in _commands(_document(client)):
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert success in (["200"], ["201"]), (method, path, success)
        headers = operation["responses"][success[0]].get("headers", {})
        assert "ETag" in headers, (method, path)
        assert ("Location" in headers) == (success == ["201"]), (method, path)


def test_every_command_but_adding_a_user_declares_if_match_and_idempotency_key(
    client: TestClient[Litestar],
) -> None:
    for method, path, operation in _commands(_document(client)):
        if (method, path) in {("POST", "/api/v1/users"), ("POST", "/api/v1/me/calendar-feed")}:
            continue  # answers a new secret once (a token, a feed address): neither is taken
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert {"If-Match", "Idempotency-Key"} <= names, (method, path)


def test_a_command_on_an_existing_object_answers_200_and_a_new_item_201_with_location(
    client: TestClient[Litestar], world: World
) -> None:
    own = world.scopes["own"]
    base = f"/api/v1/problems/{own.reference}"
    headers = world.headers("bra")
    created = client.post(
        f"{base}/actions",
        json={
            "title": "Belysning",
            "responsible_organisation": "kommun",
            "responsible_party": "Gatukontoret",
            "owner": "Kim",
            "start_date": "2026-04-01",
            "due_date": "2026-05-01",
            "objective": "Ljusare gångväg.",
            "mechanism": "Fler ser.",
            "kind": "situational",
            "technique": 1,
        },
        headers=headers,
    )
    if created.status_code == 409:  # the world's problem is past planning: any item will do
        pytest.skip(created.text)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == base
    assert created.json()["item_id"]
    effort = client.post(
        f"{base}/efforts",
        json={"organisation": "kommun", "partner": "Fritidsgården", "hours": 2},
        headers=headers,
    )
    assert effort.status_code == 200, effort.text
    assert "location" not in effort.headers
    assert effort.headers["etag"] == f'"{effort.json()["version"]}"'


def _error_shape(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert SHAPE <= set(body) <= SHAPE | OPTIONAL, body
    assert body["status"] == status
    assert body["type"].startswith("urn:problemorienterat:error:")
    assert body["title"]
    assert body["detail"]
    assert body["detail"] != body["title"]
    return body


def test_every_error_has_one_shape(client: TestClient[Litestar], world: World) -> None:
    """400, 401, 403, 404, 405, 409 and 422 alike: type, title, status, detail (and field,
    rule, errors when there are such); the title the kind, the detail the words."""
    own = world.scopes["own"]
    bra, member = world.headers("bra"), world.headers("member")
    causes = f"/api/v1/problems/{own.reference}/causes"
    invalid = _error_shape(client.post(causes, json={"description": 1}, headers=member), 400)
    assert invalid["field"] == "description"
    assert invalid["errors"][0]["field"] == "description"
    _error_shape(client.get("/api/v1/me"), 401)
    forbidden = _error_shape(client.get("/api/v1/users", headers=bra), 403)
    assert forbidden["title"] == "Förbjudet"
    _error_shape(client.get("/api/v1/no-such-thing", headers=bra), 404)
    not_allowed = _error_shape(client.put(causes, json={}, headers=bra), 405)
    assert "POST" in client.put(causes, json={}, headers=bra).headers["allow"]
    assert not_allowed["type"].endswith("method-not-allowed")
    _error_shape(client.post(f"/api/v1/problems/{own.reference}/closure", headers=bra), 409)
    period = {
        "indicator": "Anmälda brott",
        "area": "Valla",
        "period_start": "2026-02-01",
        "period_end": "2026-01-01",
        "value": 3,
    }
    refused = client.post(
        f"/api/v1/problems/{own.reference}/baseline", json={"measure": period}, headers=member
    )
    if refused.status_code == 422:
        assert _error_shape(refused, 422)["field"] == "period_end"


def test_options_lists_every_method_of_the_path(client: TestClient[Litestar], world: World) -> None:
    """``OPTIONS /api/v1/problems`` names GET (the index) and POST (identify) alike."""
    answer = client.options("/api/v1/problems", headers=world.headers("bra"))
    assert {"GET", "POST", "OPTIONS"} <= {m.strip() for m in answer.headers["allow"].split(",")}


@pytest.mark.parametrize("blank", ["", "   ", "\t\n", "\u3000"])
def test_a_blank_text_is_400_naming_the_field_as_the_document_says(
    client: TestClient[Litestar], world: World, blank: str
) -> None:
    """The domain refuses a text with nothing but whitespace; the contract refuses it first
    (400 naming the field), and the document's pattern says so."""
    import re

    schema = _document(client)["components"]["schemas"]["Description"]["properties"]
    assert not re.match(schema["description"]["pattern"], blank)
    own = world.scopes["own"]
    response = client.post(
        f"/api/v1/problems/{own.reference}/causes",
        json={"description": blank},
        headers=world.headers("member"),
    )
    assert _error_shape(response, 400)["field"] == "description"


def test_a_problem_is_reopened_only_to_the_stages_the_document_names(
    client: TestClient[Litestar], world: World
) -> None:
    schemas = _document(client)["components"]["schemas"]
    reopen = schemas["Reopen"]["properties"]["to_stage"]
    if "$ref" in reopen:
        reopen = schemas[reopen["$ref"].rsplit("/", 1)[-1]]
    assert sorted(reopen["enum"]) == ["analysis", "response"]
    own = world.scopes["own"]
    response = client.post(
        f"/api/v1/problems/{own.reference}/reopening",
        json={"to_stage": "scanning", "reason": "Fel."},
        headers=world.headers("bra"),
    )
    assert _error_shape(response, 400)["field"] == "to_stage"
