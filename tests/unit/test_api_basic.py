"""The API's first routes: liveness, readiness, one problem by reference, and its errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from problemorienterat.demo import DemoData, load_demo
from problemorienterat.domain.actor import Actor, Organisation, Role

YEAR = 2026
RETURNED = f"KUN-{YEAR - 1}-0002"  # the demo's assessment returned by lokala BRÅ


@pytest.fixture(scope="module")
def demo_app(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ProblemorienteratApp, DemoData]]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("api"))
    application = ProblemorienteratApp.from_settings(settings)
    demo = load_demo(application, year=YEAR)
    yield application, demo
    application.close()


@pytest.fixture(scope="module")
def bra_token(demo_app: tuple[ProblemorienteratApp, DemoData]) -> str:
    application, demo = demo_app
    return application.add_user(
        Actor.system(),
        name="Karin Sjö",
        organisation=Organisation.KOMMUN,
        role=Role.BRA,
        municipalities=[demo.municipality],
    ).token


@pytest.fixture
def client(
    demo_app: tuple[ProblemorienteratApp, DemoData], bra_token: str
) -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(application=demo_app[0])) as test_client:
        test_client.headers["Authorization"] = f"Bearer {bra_token}"
        yield test_client


def test_health_answers_ok(client: TestClient[Litestar]) -> None:
    """Liveness needs nothing but the process: 200 {"status": "ok"}."""
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_the_event_store_answers(client: TestClient[Litestar]) -> None:
    """Readiness asks the event store; with a working store it is 200."""
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_not_ready_is_503_problem_json(
    client: TestClient[Litestar],
    demo_app: tuple[ProblemorienteratApp, DemoData],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the event store fails, readiness is 503 problem details without internals."""

    def fail() -> int:
        raise OSError("connection refused to db.internal:5432")

    monkeypatch.setattr(demo_app[0].recorder, "max_notification_id", fail)
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "db.internal" not in response.text


def test_a_problem_is_read_by_reference_with_its_version_as_etag(
    client: TestClient[Litestar],
    demo_app: tuple[ProblemorienteratApp, DemoData],
) -> None:
    """GET /api/v1/problems/{reference} returns the current state; ETag is the version."""
    response = client.get(f"/api/v1/problems/{RETURNED.lower()}")
    assert response.status_code == 200
    body = response.json()
    problem = demo_app[0].find_problem(RETURNED)
    assert body["reference"] == RETURNED
    assert body["id"] == str(problem.id)
    assert body["stage"] == "assessment"
    assert body["review_status"] == "returned"
    assert problem.latest_review is not None
    assert problem.baseline is not None
    assert body["latest_review"]["comments"] == problem.latest_review.comments
    assert body["baseline"]["indicator"] == problem.baseline.indicator
    assert len(body["cheers"]) == 6
    assert {a["status"] for a in body["actions"]} == {"completed", "cancelled"}
    assert body["version"] == problem.version
    assert response.headers["etag"] == f'"{problem.version}"'


def test_an_unknown_reference_is_404_problem_json(client: TestClient[Litestar]) -> None:
    """A reference no problem has is 404 application/problem+json naming the rule, and no
    field: the same answer as for another municipality's problem."""
    response = client.get("/api/v1/problems/KUN-1999-0001")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404
    assert body["rule"] == "not-found"
    assert "field" not in body


def test_an_unknown_path_is_404_problem_json(client: TestClient[Litestar]) -> None:
    """Errors the router answers itself are problem details too."""
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_every_response_carries_a_request_id(client: TestClient[Litestar]) -> None:
    """A new request id is made for each request; a plain one from the caller is kept."""
    first = client.get("/health").headers["x-request-id"]
    second = client.get("/health").headers["x-request-id"]
    assert first != second
    kept = client.get("/health", headers={"X-Request-Id": "lb-4711"})
    assert kept.headers["x-request-id"] == "lb-4711"
    replaced = client.get("/health", headers={"X-Request-Id": "bad id\nwith newline"})
    assert replaced.headers["x-request-id"] != "bad id\nwith newline"


def test_each_request_is_one_json_log_line_without_the_path(
    client: TestClient[Litestar],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The request line names the route template, user id, status, duration and request id
    only: never the path's values, the token or the body."""
    response = client.get(f"/api/v1/problems/{RETURNED}")
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    (logged,) = [line for line in lines if line.get("event") == "request"]
    assert logged["route"] == "/api/v1/problems/{reference}"
    assert logged["status"] == 200
    assert logged["method"] == "GET"
    assert logged["request_id"] == response.headers["x-request-id"]
    assert isinstance(logged["duration_ms"], float)
    assert logged["user_id"]
    assert RETURNED not in json.dumps(logged)
    assert str(client.headers["Authorization"]).split()[1] not in json.dumps(lines)


def test_openapi_documents_the_problem_route(client: TestClient[Litestar]) -> None:
    """The OpenAPI document is served under /schema and describes the problem route."""
    response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/problems/{reference}" in response.json()["paths"]
    assert client.get("/schema").status_code == 200


def test_the_app_opens_its_own_store_from_settings(tmp_path: Path) -> None:
    """Without an application passed in, create_app opens the store its settings name."""
    with TestClient(app=create_app(Settings(data_dir=tmp_path))) as own:
        assert own.get("/ready").status_code == 200
    assert (tmp_path / "problemorienterat.db").is_file()
