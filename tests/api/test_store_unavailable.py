"""A store that cannot write (its disk is full, or it is read-only) is a 503 problem of type
store-unavailable with Retry-After, a Swedish page on the web, and /ready fails while it
lasts; reading goes on. Disk full is simulated with SQLite's max_page_count (the same
SQLITE_FULL a full disk gives); read-only by opening the store read-only (SQLite's
mode=ro, PostgreSQL's default_transaction_read_only), which holds for root too."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import OperationalError
from litestar import Litestar
from litestar.testing import TestClient
from support import make_app
from world import World, build_world

from problemorienterat import composition
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.infrastructure.library_compat import raw_sqlite_connection
from problemorienterat.infrastructure.store_errors import store_unavailable
from problemorienterat.infrastructure.write_probe import WriteProbe

PROBLEM_JSON = "application/problem+json"
STORE_UNAVAILABLE = "urn:problemorienterat:error:store-unavailable"


def _new_problem(world: World) -> dict[str, Any]:
    own = world.scopes["own"]
    return {
        "municipality": own.municipality,
        "title": "Klotter vid skolan",
        "description": "Återkommande klotter. " * 180,  # needs new pages in the file
        "place": "Skolan",
        "source": "safety_walk",
        "reported_by": "Rektor",
        "group_id": str(own.group_id),
        "year": 2026,
    }


def _assert_store_unavailable(answer: Any, reason: str) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert int(answer.headers["retry-after"]) > 0
    body = answer.json()
    assert body["type"] == STORE_UNAVAILABLE
    assert body["reason"] == reason
    assert "Traceback" not in answer.text


@pytest.fixture(autouse=True)
def _no_views(monkeypatch: pytest.MonkeyPatch) -> None:
    """No views (they make their tables on start): this is about the event store."""
    monkeypatch.setattr(composition, "projection_service", lambda *_: None)


def _client(application: ProblemorienteratApp) -> TestClient[Litestar]:
    return TestClient(app=composition.create_app(application=application))


@pytest.fixture(name="sqlite_world")
def sqlite_world_fixture(tmp_path: Path) -> Iterator[tuple[ProblemorienteratApp, World]]:
    application = make_app(f"sqlite:///{tmp_path / 'events.db'}", tmp_path)
    world = build_world(application)
    yield application, world
    application.close()


def _fill_the_disk(application: ProblemorienteratApp) -> None:
    """Every writing connection may use no more pages than the file has now."""
    pool = application.recorder.datastore.pool  # type: ignore[attr-defined]
    for connection in list(pool._pool):
        raw = raw_sqlite_connection(connection)
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
        raw.execute(f"PRAGMA max_page_count = {pages}")


def test_a_command_on_a_full_disk_is_503_and_ready_fails_until_there_is_room(
    sqlite_world: tuple[ProblemorienteratApp, World],
) -> None:
    application, world = sqlite_world
    clock = [0.0]
    application.write_probe = WriteProbe(application.side_tables, clock=lambda: clock[0])
    with _client(application) as client:
        assert client.get("/ready").status_code == 200
        _fill_the_disk(application)
        # The pages may still have room for a problem or two; once they have none, the
        # command is 503 and nothing of it is stored.
        for _ in range(20):
            head = application.recorder.max_notification_id()
            answer = client.post(
                "/api/v1/problems", json=_new_problem(world), headers=world.headers("member")
            )
            if answer.status_code != 201:
                break
        _assert_store_unavailable(answer, "disk_full")
        assert application.recorder.max_notification_id() == head  # nothing of it stored
        _assert_store_unavailable(client.get("/ready"), "disk_full")
        assert client.get("/api/v1/me", headers=world.headers("member")).status_code == 200

        pool = application.recorder.datastore.pool  # type: ignore[attr-defined]
        for connection in list(pool._pool):
            raw_sqlite_connection(connection).execute("PRAGMA max_page_count = 1073741823")
        clock[0] += 60  # the failure is remembered for one probe interval only
        assert client.get("/ready").status_code == 200


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_a_command_on_a_read_only_store_is_503_and_ready_fails(
    store: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(request.getfixturevalue(f"{store}_url"))
    writable = make_app(url, tmp_path)
    world = build_world(writable)
    writable.close()
    if store == "sqlite":
        read_only = make_app(
            url,
            tmp_path,
            SQLITE_DBNAME=f"file:{tmp_path / 'events.db'}?mode=ro",
            CREATE_TABLE="false",
        )
    else:  # every connection the application opens is read-only
        monkeypatch.setenv("PGOPTIONS", "-c default_transaction_read_only=on")
        read_only = make_app(url, tmp_path, CREATE_TABLE="false")
    world.application = read_only
    try:
        with _client(read_only) as client:
            assert client.get("/api/v1/me", headers=world.headers("member")).status_code == 200
            answer = client.post(
                "/api/v1/problems", json=_new_problem(world), headers=world.headers("member")
            )
            _assert_store_unavailable(answer, "read_only")
            _assert_store_unavailable(client.get("/ready"), "read_only")
    finally:
        read_only.close()
        monkeypatch.delenv("PGOPTIONS", raising=False)  # before the schema is dropped


def test_a_web_page_on_a_read_only_store_says_so_in_swedish(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'events.db'}"
    writable = make_app(url, tmp_path)
    world = build_world(writable)
    writable.close()
    read_only = make_app(
        url, tmp_path, SQLITE_DBNAME=f"file:{tmp_path / 'events.db'}?mode=ro", CREATE_TABLE="false"
    )
    try:
        with _client(read_only) as client:
            page = client.get("/logga-in")
            token = page.text.split('name="_csrf_token" value="')[1].split('"')[0]
            out = client.post(
                "/logga-in",
                data={"_csrf_token": token, "token": world.tokens["member"], "nasta": ""},
                follow_redirects=False,
            )  # signing in is recorded on the user (SignedIn): a write
            assert out.status_code == 503
            assert out.headers["content-type"].startswith("text/html")
            assert "Det går inte att spara just nu" in out.text
            assert int(out.headers["retry-after"]) > 0
    finally:
        read_only.close()


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (sqlite3.OperationalError("database or disk is full"), "disk_full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read_only"),
        (psycopg.errors.DiskFull("could not extend file"), "disk_full"),
        (psycopg.errors.ReadOnlySqlTransaction("read-only transaction"), "read_only"),
    ],
)
def test_store_errors_are_recognised_through_the_library_wrapping(
    error: Exception, reason: str
) -> None:
    try:
        try:
            raise error
        except Exception as cause:
            raise OperationalError(cause) from cause
    except OperationalError as wrapped:
        found = store_unavailable(wrapped)
    assert found is not None
    assert found.reason == reason


def test_other_store_errors_are_not_store_unavailable() -> None:
    assert store_unavailable(sqlite3.OperationalError("no such table: x")) is None
    assert store_unavailable(psycopg.errors.UniqueViolation("duplicate")) is None
