"""The auditor's endpoints on a real store: history, time travel, feed, reads, verify, export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from eventsourcing.postgres import PostgresDatastore
from litestar import Litestar
from litestar.testing import TestClient
from support import BRA, SYSTEM, make_app
from world import FakeViews, World, build_world

from problemorienterat.audit.checkpoint import load_or_create_signing_key, make_checkpoint
from problemorienterat.audit.export import check_export
from problemorienterat.audit.verify import verify_chain
from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from problemorienterat.infrastructure.chain_store import chain_store


@pytest.fixture
def audited(database_url: str, tmp_path: Path) -> Iterator[tuple[World, TestClient[Litestar]]]:
    application = make_app(database_url, tmp_path)
    world = build_world(application)
    app = create_app(application=application)
    app.state.projections = FakeViews(app.state)
    with TestClient(app=app) as client:
        yield world, client
    application.close()


def test_an_auditor_replays_a_problem_and_the_read_is_recorded(
    audited: tuple[World, TestClient[Litestar]],
) -> None:
    """Every event with its position, actor and changes; then the read is listed."""
    world, client = audited
    reference = world.scopes["own"].reference
    history = client.get(
        f"/api/v1/audit/problems/{reference}/history", headers=world.headers("auditor")
    )
    assert history.status_code == 200, history.text
    events = history.json()
    assert events[0]["event"] == "Identified"
    assert all(e["position"] for e in events)
    assert [e["version"] for e in events] == list(range(1, len(events) + 1))
    assert any(c["field"] == "stage" for e in events for c in e["changes"])

    reads = client.get(
        f"/api/v1/audit/problems/{reference}/reads", headers=world.headers("bra")
    ).json()
    assert [(r["actor"]["user_id"], r["what"]) for r in reads] == [
        (world.user_ids["auditor"], "history")
    ]


def test_a_problem_as_of_a_version_and_as_of_a_time(
    audited: tuple[World, TestClient[Litestar]],
) -> None:
    """?version=N or ?at=ISO-time (or both: no later than either); a time without zone is a
    400; a time before the problem existed is a 404 naming ``at``."""
    world, client = audited
    reference = world.scopes["own"].reference
    headers = world.headers("auditor")
    first = client.get(f"/api/v1/audit/problems/{reference}/as-of?version=1", headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["stage"] == "scanning"
    now = datetime.now(UTC).isoformat()
    latest = client.get(
        f"/api/v1/audit/problems/{reference}/as-of", params={"at": now}, headers=headers
    )
    assert latest.status_code == 200, latest.text
    assert latest.json()["stage"] == "response"
    naive = client.get(
        f"/api/v1/audit/problems/{reference}/as-of",
        params={"at": "2026-01-01T10:00:00"},
        headers=headers,
    )
    assert naive.status_code == 400
    both = client.get(
        f"/api/v1/audit/problems/{reference}/as-of",
        params={"at": now, "version": 1},
        headers=headers,
    )
    assert both.status_code == 200, both.text
    assert both.json()["version"] == 1  # the version, but no later than the moment
    too_early = client.get(
        f"/api/v1/audit/problems/{reference}/as-of",
        params={"at": "2000-01-01T00:00:00+00:00"},
        headers=headers,
    )
    assert too_early.status_code == 404
    assert too_early.json()["field"] == "at"


def test_the_feed_shows_only_the_users_municipalities_page_by_page(
    audited: tuple[World, TestClient[Litestar]],
) -> None:
    """In log order, filtered, paged with next_cursor; never another municipality's events."""
    world, client = audited
    headers = world.headers("auditor")
    first = client.get("/api/v1/audit/feed", params={"limit": 5}, headers=headers).json()
    assert len(first["items"]) == 5
    assert {i["municipality"] for i in first["items"]} == {"1882"}
    second = client.get(
        "/api/v1/audit/feed", params={"limit": 5, "after": first["next_cursor"]}, headers=headers
    ).json()
    assert second["items"][0]["position"] > first["items"][-1]["position"]
    findings = client.get(
        "/api/v1/audit/feed",
        params={"event_type": "Problem.FindingRecorded", "limit": 500},
        headers=headers,
    ).json()
    assert len(findings["items"]) == 2  # own and other group's problems at home
    assert findings["next_cursor"] is None
    foreign = client.get(
        "/api/v1/audit/feed", params={"limit": 500}, headers=world.headers("foreign_bra")
    ).json()
    assert {i["municipality"] for i in foreign["items"]} == {"1980"}
    member = client.get("/api/v1/audit/feed", headers=world.headers("member"))
    assert member.status_code == 403


def test_verify_and_export_through_the_api(audited: tuple[World, TestClient[Litestar]]) -> None:
    """The chain is intact; the JSON export checks offline; the HTML is the Swedish record."""
    world, client = audited
    headers = world.headers("auditor")
    report = client.get("/api/v1/audit/verify", headers=headers).json()
    assert report["intact"] is True
    assert report["summary"].startswith("intact, ")
    reference = world.scopes["own"].reference
    exported = client.get(f"/api/v1/audit/problems/{reference}/export.json", headers=headers)
    assert exported.status_code == 200
    assert check_export(exported.json()) == []
    page = client.get(f"/api/v1/audit/problems/{reference}/export.html", headers=headers)
    assert page.headers["content-type"].startswith("text/html")
    assert "Identifiera" in page.text
    assert "Analysera" in page.text


def test_verify_continues_from_the_newest_checkpoint_signed_by_the_installations_key(
    audited: tuple[World, TestClient[Litestar]], tmp_path: Path
) -> None:
    """After `checkpoint`, GET /audit/verify recomputes only the events after it (and an
    unchanged head is answered from the last check)."""
    world, client = audited
    application = world.application
    key_file = tmp_path / "signing.pem"
    assert isinstance(client.app, Litestar)
    client.app.state.settings = Settings(data_dir=tmp_path, checkpoint_key_file=key_file)
    key, _ = load_or_create_signing_key(key_file)
    checkpoint = make_checkpoint(verify_chain(chain_store(application.recorder)), key)
    application.checkpoints.add(checkpoint)
    application.register_municipality(SYSTEM, code="1884", name="Arboga", reference_prefix="ARB")
    head = application.recorder.max_notification_id()
    report = client.get("/api/v1/audit/verify", headers=world.headers("bra")).json()
    assert report["intact"] is True
    assert report["started_after"] == checkpoint.position
    assert report["walked"] == head - checkpoint.position
    assert report["head_position"] == head
    again = client.get("/api/v1/audit/verify", headers=world.headers("auditor")).json()
    assert again == report


def test_other_records_have_a_history_and_a_past(
    audited: tuple[World, TestClient[Litestar]],
) -> None:
    """Groups, lägesbild, medborgarlöfte, agreements and areas replay the same way."""
    world, client = audited
    own = world.scopes["own"]
    headers = world.headers("bra")
    for path in (
        f"groups/{own.group_id}",
        f"situation-pictures/{own.picture_id}",
        f"citizen-promises/{own.promise_id}",
        f"agreements/{own.agreement_id}",
        f"grannsamverkan-areas/{own.area_id}",
    ):
        history = client.get(f"/api/v1/audit/{path}/history", headers=headers)
        assert history.status_code == 200, history.text
        assert history.json()[0]["version"] == 1
        past = client.get(f"/api/v1/audit/{path}/as-of?version=1", headers=headers)
        assert past.status_code == 200, past.text
        assert past.json()["version"] == 1


def test_every_history_read_is_recorded_whichever_route_serves_it(
    audited: tuple[World, TestClient[Litestar]],
) -> None:
    """The problem's own history route records the read as the audit route does."""
    world, client = audited
    reference = world.scopes["own"].reference
    answer = client.get(f"/api/v1/problems/{reference}/history", headers=world.headers("bra"))
    assert answer.status_code == 200, answer.text
    reads = client.get(
        f"/api/v1/audit/problems/{reference}/reads", headers=world.headers("auditor")
    ).json()
    assert [(r["actor"]["user_id"], r["what"]) for r in reads] == [
        (world.user_ids["bra"], "history")
    ]


def test_verify_reports_a_key_deleted_outside_the_application(
    audited: tuple[World, TestClient[Litestar]],
) -> None:
    """GET /api/v1/audit/verify says not intact, naming the person's id, when a person's key
    was deleted by SQL without a recorded erasure; after a proper erasure it is intact."""
    world, client = audited
    application = world.application
    erased = application.add_contact_person(
        BRA, world.scopes["own"].area_id, name="Lisa Persson", email="lisa@example.se"
    ).item_id
    deleted = application.add_contact_person(
        BRA, world.scopes["own"].area_id, name="Olle Berg", email="olle@example.se"
    ).item_id
    assert erased is not None
    assert deleted is not None
    application.erase_person(BRA, erased, reason="Begäran om radering")
    headers = world.headers("auditor")
    assert client.get("/api/v1/audit/verify", headers=headers).json()["intact"] is True

    datastore = application.recorder.datastore  # type: ignore[attr-defined]
    table = "problemorienterat_subject_keys"
    if isinstance(datastore, PostgresDatastore):
        with datastore.get_connection() as conn, conn.transaction():
            conn.execute(
                f'DELETE FROM "{datastore.schema}".{table} WHERE subject_id = %s',  # noqa: S608
                (deleted.hex,),
            )
    else:
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE subject_id = ?", (deleted.hex,))  # noqa: S608

    response = client.get("/api/v1/audit/verify", headers=headers)
    assert response.status_code == 200
    report = response.json()
    assert report["intact"] is False
    assert deleted.hex in report["problem"]
    assert deleted.hex in report["summary"]
    assert "Olle" not in response.text
