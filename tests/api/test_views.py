"""The view endpoints: filters reach the projections, read-your-writes waits, members see only
their own groups, and readiness includes the views."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import YEAR, FakeViews, World, build_world

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from projections import ProjectionService


def _views(client: TestClient[Litestar]) -> FakeViews:
    assert isinstance(client.app, Litestar)
    views: FakeViews = client.app.state.projections
    return views


def test_the_problem_index_passes_its_filters_and_pages(
    client: TestClient[Litestar], world: World
) -> None:
    """Query filters reach the projection; items and the next cursor come back."""
    own = world.scopes["own"]
    response = client.get(
        "/api/v1/problems",
        headers=world.headers("bra"),
        params={
            "stage": "response",
            "group_id": str(own.group_id),
            "year": YEAR,
            "text": "inbrott",
            "cursor": "abc",
            "limit": 10,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["caught_up"] is True
    assert body["next_cursor"] is None
    assert [(i["reference"], i["stage"]) for i in body["items"]] == [("KUN-2026-0001", "response")]
    ((name, args, kwargs),) = _views(client).calls
    assert (name, args) == ("problem_index", ("1882",))
    assert kwargs["group_id"] == own.group_id
    assert kwargs["limit"] == 10


def test_the_board_and_the_follow_up_pass_their_list_limit_within_bounds(
    client: TestClient[Litestar], world: World
) -> None:
    """list_limit (default 50) reaches the board and the follow-up; outside 1–200 it is 400
    naming the field, and the view is not asked."""
    own = world.scopes["own"]
    headers = world.headers("bra")
    board = f"/api/v1/groups/{own.group_id}/board"
    follow_up = f"/api/v1/municipalities/1882/citizen-promise-follow-up/{YEAR}"
    assert client.get(board, headers=headers).status_code == 200
    assert client.get(board, headers=headers, params={"list_limit": 7}).status_code == 200
    assert client.get(follow_up, headers=headers, params={"list_limit": 9}).status_code == 200
    limits = [(name, kwargs["list_limit"]) for name, _, kwargs in _views(client).calls]
    assert limits == [("group_board", 50), ("group_board", 7), ("citizen_promise_follow_up", 9)]
    for path in (board, follow_up):
        for wrong in (0, 201):
            refused = client.get(path, headers=headers, params={"list_limit": wrong})
            assert refused.status_code == 400, (path, wrong)
            assert "list_limit" in refused.text
    assert len(_views(client).calls) == 3


def test_a_member_reads_the_follow_up_of_their_own_groups_only(
    client: TestClient[Litestar], world: World
) -> None:
    """The medborgarlöfte follow-up lists the linked problems of a member's own working
    groups only (as the web page does); lokala BRÅ and auditors read every group's."""
    path = f"/api/v1/municipalities/1882/citizen-promise-follow-up/{YEAR}"
    for role in ("member", "bra", "auditor"):
        assert client.get(path, headers=world.headers(role)).status_code == 200
    asked = [kwargs["group_ids"] for name, _, kwargs in _views(client).calls]
    assert asked == [[world.scopes["own"].group_id], None, None]


def test_a_member_must_name_one_of_their_groups_for_the_index(
    client: TestClient[Litestar], world: World
) -> None:
    """Members see only their own groups' problems: without group_id it is 403."""
    assert client.get("/api/v1/problems", headers=world.headers("member")).status_code == 403


def test_min_position_waits_and_says_when_it_gave_up(
    client: TestClient[Litestar], world: World
) -> None:
    """A view asked for a position it has not reached answers caught_up false."""
    headers = world.headers("bra")
    caught = client.get("/api/v1/municipalities/1882/bra-overview?min_position=5", headers=headers)
    assert caught.json()["caught_up"] is True
    behind = client.get(
        f"/api/v1/municipalities/1882/bra-overview?min_position={10**9}", headers=headers
    )
    assert behind.status_code == 200
    assert behind.json()["caught_up"] is False


def test_views_are_503_when_no_projections_run(client: TestClient[Litestar], world: World) -> None:
    """Without a projection service the views answer 503 problem details, not 500."""
    assert isinstance(client.app, Litestar)
    client.app.state.projections = None
    response = client.get("/api/v1/municipalities/1882/bra-overview", headers=world.headers("bra"))
    assert response.status_code == 503


@pytest.fixture
def sqlite_client(tmp_path: Path) -> Iterator[tuple[World, TestClient[Litestar]]]:
    """The real projections on SQLite, kept current in process."""
    settings = Settings(data_dir=tmp_path)
    application = ProblemorienteratApp.from_settings(settings)
    world = build_world(application)
    views = ProjectionService(application, settings)
    views.start()
    app = create_app(application=application)
    app.state.projections = views
    with TestClient(app=app) as test_client:
        yield world, test_client
    views.stop()
    application.close()


def test_a_command_then_a_view_with_its_position_reads_the_write(
    sqlite_client: tuple[World, TestClient[Litestar]],
) -> None:
    """Read-your-writes on the real projections: min_position=<the command's position> shows
    the problem just identified, and readiness counts the views in."""
    world, client = sqlite_client
    own = world.scopes["own"]
    created = client.post(
        "/api/v1/problems",
        headers=world.headers("member"),
        json={
            "municipality": "1882",
            "title": "Nytt problem",
            "description": "Något nytt.",
            "place": "Torget",
            "source": "complaint",
            "reported_by": "Boende",
            "group_id": str(own.group_id),
            "year": YEAR,
        },
    )
    assert created.status_code == 201, created.text
    reference = created.headers["location"].rsplit("/", 1)[1]
    index = client.get(
        "/api/v1/problems",
        headers=world.headers("member"),
        params={"group_id": str(own.group_id), "min_position": created.json()["position"]},
    )
    assert index.status_code == 200, index.text
    assert index.json()["caught_up"] is True
    assert reference in [item["reference"] for item in index.json()["items"]]
    board = client.get(f"/api/v1/groups/{own.group_id}/board", headers=world.headers("member"))
    assert board.status_code == 200, board.text
    view = board.json()["view"]
    assert view["list_limit"] == 50
    assert view["problems_total"] == len(view["problems"]) >= 1
    assert sum(c["count"] for c in view["stage_totals"]) == view["problems_total"]
    overview = client.get(
        "/api/v1/municipalities/1882/bra-overview", headers=world.headers("auditor")
    )
    assert overview.status_code == 200, overview.text
    follow_up = client.get(
        f"/api/v1/municipalities/1882/citizen-promise-follow-up/{YEAR}",
        headers=world.headers("bra"),
    )
    assert follow_up.status_code == 200, follow_up.text
    for area in follow_up.json()["view"]["focus_areas"]:
        assert area["problems_total"] == len(area["problems"])
    assert client.get("/ready").status_code == 200


def test_ready_is_503_while_the_views_lag_too_far_behind(
    client: TestClient[Litestar], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readiness counts the views in: more than PROBLEMORIENTERAT_READY_MAX_LAG behind is 503."""
    assert client.get("/ready").status_code == 200
    monkeypatch.setattr(
        _views(client), "status", lambda: (SimpleNamespace(state="active", lag=5000),)
    )
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
