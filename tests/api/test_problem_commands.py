"""A problem's whole SARA life through HTTP: every step answers with the new version and the
event position, and records the authenticated user as the actor."""

from __future__ import annotations

from typing import Any

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import MEASURE_BODY, YEAR, World


def _post(
    client: TestClient[Litestar], world: World, role: str, path: str, body: Any = None
) -> dict[str, Any]:
    response = client.post(path, json=body, headers=world.headers(role))
    assert response.status_code in (200, 201), response.text
    answer: dict[str, Any] = response.json()
    assert response.headers["etag"] == f'"{answer["version"]}"'
    if "location" in response.headers:
        answer["location"] = response.headers["location"]
    return answer


def test_a_problem_goes_through_every_sara_step_over_http(
    client: TestClient[Litestar], world: World
) -> None:
    """Identify → CHEERS → analysis → response → assessment → BRÅ approval → closed → reopened,
    each step one POST; versions rise by one and positions grow."""
    own = world.scopes["own"]
    created = _post(
        client,
        world,
        "member",
        "/api/v1/problems",
        {
            "municipality": own.municipality,
            "title": "Klotter vid skolan",
            "description": "Återkommande klotter.",
            "place": "Skolan",
            "source": "safety_walk",
            "reported_by": "Rektor",
            "group_id": str(own.group_id),
            "year": YEAR,
        },
    )
    assert created["version"] == 1
    base = created["location"]
    assert base.startswith(f"/api/v1/problems/KUN-{YEAR}-")
    steps: list[tuple[str, str, Any]] = [
        (
            "member",
            "/reformulations",
            {
                "title": "Klotter vid Kungsörs skola",
                "description": "Återkommande klotter på helger.",
            },
        ),
        ("member", "/priority", {"priority": "medium", "reason": "Oro bland föräldrar."}),
        (
            "member",
            "/focus-area",
            {"citizen_promise_id": str(own.promise_id), "focus_area_id": str(own.focus_area_id)},
        ),
    ]
    steps += [
        ("member", "/cheers-answers", {"question": q, "met": True, "evidence": "Enkät."})
        for q in ("community", "harm", "expectation", "events", "recurring", "similarity")
    ]
    steps += [
        ("member", "/analysis", None),
        ("member", "/findings", {"side": "place", "description": "Ingen belysning."}),
        ("member", "/repeat-patterns", {"pattern": "repeat_place", "description": "Samma vägg."}),
        ("member", "/data-sources", {"name": "EST-rapporter", "extracted_on": "2026-01-15"}),
        ("member", "/causes", {"description": "Mörkt och oövervakat."}),
        ("member", "/current-response", {"description": "Sanering varje månad."}),
        ("member", "/hypothesis", {"hypothesis": "Mörker och ingen uppsikt."}),
        (
            "member",
            "/baseline",
            {
                "measure": {
                    **MEASURE_BODY,
                    "period_start": "2025-01-01",
                    "period_end": "2025-06-30",
                    "value": 14,
                }
            },
        ),
        ("member", "/analysis-completion", None),
    ]
    version = created["version"]
    position = created["position"]
    for role, step, body in steps:
        answer = _post(client, world, role, base + step, body)
        assert answer["version"] == version + 1, step
        assert answer["position"] > position, step
        version, position = answer["version"], answer["position"]
    action = _post(
        client,
        world,
        "member",
        base + "/actions",
        {
            "title": "Belysning",
            "responsible_organisation": "kommun",
            "responsible_party": "Fastighet",
            "owner": "Fastighetschefen",
            "start_date": "2026-02-01",
            "due_date": "2026-03-31",
            "objective": "Ljus på väggen.",
            "mechanism": "Naturlig övervakning.",
            "kind": "situational",
            "technique": 7,
        },
    )
    assert action["item_id"]
    action_path = f"{base}/actions/{action['item_id']}"
    for role, step, body in [
        ("member", f"{action_path}/start", None),
        (
            "member",
            f"{base}/efforts",
            {
                "organisation": "kommun",
                "partner": "Fastighet",
                "hours": 8,
                "cost_sek": 12000,
                "action_id": action["item_id"],
            },
        ),
        ("member", f"{action_path}/completion", None),
        ("member", f"{base}/assessment", None),
        (
            "member",
            f"{base}/process-evaluation",
            {"summary": "Som planerat.", "carried_out_as_planned": True},
        ),
        ("member", f"{base}/follow-ups", {"measure": MEASURE_BODY}),
        (
            "member",
            f"{base}/spreads",
            {
                "kind": "diffusion_of_benefits",
                "dimension": "place",
                "description": "Mindre klotter i hela centrum.",
            },
        ),
        ("member", f"{base}/outcome", {"outcome": "reduced", "motivation": "14 → 6."}),
        ("member", f"{base}/lessons", {"lesson": "Belysning fungerar."}),
        ("member", f"{base}/assessment-submission", None),
        ("bra", f"{base}/assessment-return", {"comments": "Beskriv förflyttning."}),
        ("member", f"{base}/assessment-submission", None),
        (
            "bra",
            f"{base}/assessment-approval",
            {"comments": "Bra.", "minutes_reference": "BRÅ 2026-06-10 § 4"},
        ),
        ("member", f"{base}/closure", None),
        ("member", f"{base}/reopening", {"to_stage": "analysis", "reason": "Klottret igen."}),
    ]:
        _post(client, world, role, step, body)
    problem = client.get(base, headers=world.headers("bra")).json()
    assert problem["stage"] == "analysis"
    history = client.get(f"{base}/history", headers=world.headers("auditor")).json()
    assert history[0]["event"] == "Identified"
    assert [e["event"] for e in history][-4:] == [
        "AssessmentSubmitted",
        "AssessmentApproved",
        "Closed",
        "Reopened",
    ]
    assert {e["actor"]["user_id"] for e in history} == {
        world.user_ids["member"],
        world.user_ids["bra"],
    }
    assert [e["version"] for e in history] == list(range(1, len(history) + 1))


def test_a_problem_can_be_rejected_when_it_fails_cheers(
    client: TestClient[Litestar], world: World
) -> None:
    """POST .../rejection ends a problem in scanning; its stage reads "rejected"."""
    own = world.scopes["own"]
    base = _post(
        client,
        world,
        "bra",
        "/api/v1/problems",
        {
            "municipality": own.municipality,
            "title": "Enstaka händelse",
            "description": "En gång.",
            "place": "Torget",
            "source": "complaint",
            "reported_by": "Boende",
            "year": YEAR,
        },
    )["location"]
    _post(client, world, "bra", f"{base}/group", {"group_id": str(own.group_id)})
    _post(client, world, "member", f"{base}/rejection", {"reason": "Inte återkommande."})
    assert client.get(base, headers=world.headers("member")).json()["stage"] == "rejected"


def test_an_action_can_be_cancelled_or_deviate(client: TestClient[Litestar], world: World) -> None:
    """Cancellation and deviation of a planned action are recorded with their reasons."""
    own = world.scopes["own"]
    base = f"/api/v1/problems/{own.reference}/actions/{own.action_id}"
    _post(client, world, "member", f"{base}/start", None)
    _post(client, world, "member", f"{base}/deviations", {"reason": "Leveransen blev sen."})
    _post(client, world, "member", f"{base}/cancellation", {"reason": "Ersatt av annat."})
    actions = client.get(
        f"/api/v1/problems/{own.reference}", headers=world.headers("member")
    ).json()["actions"]
    assert actions[0]["status"] == "cancelled"


def test_a_problem_as_of_an_earlier_version(client: TestClient[Litestar], world: World) -> None:
    """?version=N answers the state as it was then (auditors replay decisions)."""
    own = world.scopes["own"]
    then = client.get(
        f"/api/v1/problems/{own.reference}?version=1", headers=world.headers("auditor")
    )
    assert then.status_code == 200
    assert then.json()["stage"] == "scanning"
    assert then.headers["etag"] == '"1"'
