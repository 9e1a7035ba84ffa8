"""Meetings through the API: lokala BRÅ schedules a meeting, takes the proposed agenda,
decides an uppföljning as § 1 (the problem's review then names the meeting and §) and
justerar; bad input and late changes are problem+json naming the field or the rule."""

from __future__ import annotations

from typing import Any

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from builders import submitted
from litestar import Litestar
from litestar.testing import TestClient
from world import World

from problemorienterat.domain.swedish_day import swedish_today

TODAY = swedish_today().isoformat()


def _post(
    client: TestClient[Litestar],
    world: World,
    path: str,
    body: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    answer = client.post(path, json=body, headers={**world.headers("bra"), **(headers or {})})
    assert answer.status_code == status, answer.text
    result: dict[str, Any] = answer.json()
    result["location"] = answer.headers.get("location")
    return result


def _scheduled(client: TestClient[Litestar], world: World) -> str:
    created = _post(
        client,
        world,
        "/api/v1/municipalities/1882/meetings",
        {
            "held_on": TODAY,
            "start_time": "13:30",
            "place": "Kommunhuset",
            "participants": [
                {"name": "Helena Ström", "role": "ordförande", "organisation": "kommun"}
            ],
        },
        status=201,
    )
    location: str = created["location"]
    return location


def test_a_meeting_decides_an_assessment_and_is_justerat(
    client: TestClient[Litestar], world: World
) -> None:
    problem_id = submitted(world.application)
    reference = world.application.get_problem(problem_id).reference
    meeting = _scheduled(client, world)
    proposal = client.get(
        "/api/v1/municipalities/1882/agenda-proposal", headers=world.headers("auditor")
    ).json()
    assert f"assessment:{problem_id}" in [i["key"] for i in proposal["items"]]
    _post(client, world, f"{meeting}/agenda/proposal", {"keys": [f"assessment:{problem_id}"]})
    _post(
        client,
        world,
        f"{meeting}/attendance",
        {"present": [{"name": "Helena Ström", "role": "ordförande", "organisation": "kommun"}]},
    )
    _post(
        client,
        world,
        f"{meeting}/decisions/assessment",
        {"reference": reference, "decision": "approve", "comments": "Väl genomfört."},
    )
    view = client.get(meeting, headers=world.headers("auditor"))
    assert view.status_code == 200
    body = view.json()
    assert view.headers["etag"] == f'"{body["version"]}"'
    assert [(d["paragraph"], d["kind"]) for d in body["decisions"]] == [(1, "approve_assessment")]
    assert body["agenda"][0]["decided_in_paragraph"] == 1
    review = client.get(f"/api/v1/problems/{reference}", headers=world.headers("bra")).json()[
        "latest_review"
    ]
    assert (review["status"], review["meeting_id"], review["paragraph"]) == (
        "approved",
        body["id"],
        1,
    )
    assert review["decided_on"] == body["held_on"]
    _post(
        client, world, f"{meeting}/justering", {"justerare": ["Jonas Berg"], "justerat_on": TODAY}
    )
    late = client.post(
        f"{meeting}/decisions",
        json={"title": "Rättelse", "decision": "Något annat."},
        headers=world.headers("bra"),
    )
    assert late.status_code == 409
    assert late.headers["content-type"].startswith("application/problem+json")
    listed = client.get("/api/v1/municipalities/1882/meetings", headers=world.headers("bra"))
    latest = listed.json()[0]  # the latest first
    assert (latest["id"], latest["decisions"], latest["justerat_on"]) == (body["id"], 1, TODAY)


def test_bad_input_names_the_field_and_writes_nothing(
    client: TestClient[Litestar], world: World
) -> None:
    bad_time = client.post(
        "/api/v1/municipalities/1882/meetings",
        json={"held_on": TODAY, "start_time": "25:00", "place": "Kommunhuset"},
        headers=world.headers("bra"),
    )
    assert bad_time.status_code == 400
    assert bad_time.headers["content-type"].startswith("application/problem+json")
    assert "start_time" in bad_time.text
    meeting = _scheduled(client, world)
    version = client.get(meeting, headers=world.headers("bra")).json()["version"]
    stale = client.post(
        f"{meeting}/agenda",
        json={"title": "Övrigt"},
        headers={**world.headers("bra"), "If-Match": f'"{version + 1}"'},
    )
    assert stale.status_code == 412
    early = client.post(
        f"{meeting}/justering",
        json={"justerare": ["Jonas Berg"], "justerat_on": TODAY},
        headers=world.headers("bra"),
    )
    assert early.status_code == 409  # nobody present, no decision yet
    assert client.get(meeting, headers=world.headers("bra")).json()["version"] == version
    bad_moment = client.get(
        "/api/v1/municipalities/1882/agenda-proposal?at=2026-03-12",
        headers=world.headers("bra"),
    )
    assert bad_moment.status_code == 400
    then = client.get(
        "/api/v1/municipalities/1882/agenda-proposal?at=2000-01-01T00:00:00Z",
        headers=world.headers("bra"),
    )
    assert then.status_code == 200
    assert then.json()["items"] == []  # nothing existed yet
