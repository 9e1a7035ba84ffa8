"""The rate limit counts per user when the request is authenticated and per client address
otherwise, answers 429 problem+json with Retry-After, is shared by the processes on one
store, and believes proxy headers only from proxies named in TRUSTED_PROXIES."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_fixtures import in_memory
from litestar import Litestar
from litestar.testing import TestClient
from support import make_app
from world import World, build_world

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.cli.serve import proxy_options
from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from problemorienterat.infrastructure.rate_counts import COUNTS_TABLE, WindowCounts
from problemorienterat.infrastructure.side_tables import side_tables

LIMIT = 3
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(name="limited")
def limited_fixture(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[TestClient[Litestar], World]]:
    monkeypatch.setenv("PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE", str(LIMIT))
    application = in_memory()
    world = build_world(application)
    with TestClient(app=create_app(application=application)) as client:
        yield client, world
    application.close()


def _me(client: TestClient[Litestar], headers: dict[str, str] | None = None) -> int:
    return client.get("/api/v1/me", headers=headers or {}).status_code


def test_a_user_over_the_limit_gets_429_with_retry_after_in_problem_json(
    limited: tuple[TestClient[Litestar], World],
) -> None:
    client, world = limited
    for _ in range(LIMIT + 1):  # the first request of a new token counts for the address
        assert _me(client, world.headers("member")) == 200
    refused = client.get("/api/v1/me", headers=world.headers("member"))
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["status"] == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60


def test_one_user_over_the_limit_blocks_no_other_user_nor_anonymous_requests_on_that_address(
    limited: tuple[TestClient[Litestar], World],
) -> None:
    client, world = limited
    while _me(client, world.headers("member")) != 429:
        pass
    assert _me(client, world.headers("bra")) == 200
    assert _me(client) == 401  # anonymous: counted for the address, which has room


def test_a_new_forged_token_on_every_request_is_counted_for_the_address(
    limited: tuple[TestClient[Litestar], World],
) -> None:
    client, _ = limited
    answers = [
        _me(client, {"Authorization": f"Bearer {secrets.token_urlsafe(16)}"})
        for _ in range(LIMIT + 1)
    ]
    assert answers == [401] * LIMIT + [429]


def test_health_and_ready_are_not_limited(limited: tuple[TestClient[Litestar], World]) -> None:
    client, _ = limited
    assert {client.get("/health").status_code for _ in range(LIMIT + 2)} == {200}


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_two_processes_on_one_store_share_their_counts(
    store: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """What one server process counted, the other sees after both have synced (the
    background thread does it about once a second)."""
    url = str(request.getfixturevalue(f"{store}_url"))
    first, second = make_app(url, tmp_path), make_app(url, tmp_path)
    try:
        clock = [1_000_040.0]  # 20 s into a window
        one, two = (
            WindowCounts(side_tables(app.recorder), background=False, clock=lambda: clock[0])
            for app in (first, second)
        )
        assert [one.take("user:u-anna", LIMIT) for _ in range(2)] == [None, None]
        one.sync()
        assert two.take("user:u-anna", LIMIT) is None  # 1 here, the 2 there not yet seen
        two.sync()  # adds its 1, reads the total: 3
        assert two.take("user:u-anna", LIMIT) == 40  # seconds to the end of the window
        assert two.take("user:u-bo", LIMIT) is None  # another key has its own count
        one.sync()
        clock[0] += 40  # the next window starts empty
        assert two.take("user:u-anna", LIMIT) is None
        tables = side_tables(first.recorder)
        assert tables is not None
        stored = tables.read(f"SELECT key FROM {tables.name(COUNTS_TABLE)}")  # noqa: S608
        assert stored
        assert not any("u-anna" in key or "u-bo" in key for (key,) in stored)  # digests only
        two.sync()
        clock[0] += 2 * 60  # idle: the windows that are over are removed
        one.sync()
        two.sync()
        assert tables.read(f"SELECT key FROM {tables.name(COUNTS_TABLE)}") == []  # noqa: S608
    finally:
        first.close()
        second.close()


def test_counts_go_on_in_memory_when_the_store_cannot_take_them(tmp_path: Path) -> None:
    """A store that cannot write must not turn the limit off (nor fail the request)."""
    app: ProblemorienteratApp = make_app(f"sqlite:///{tmp_path / 'events.db'}", tmp_path)
    try:
        tables = side_tables(app.recorder)
        assert tables is not None
        broken = type(tables)(object(), postgres=False, prefix="")  # no datastore at all
        counts = WindowCounts(broken, background=False, clock=lambda: 1_000_040.0)
        for _ in range(LIMIT):
            assert counts.take("address:10.0.0.7", LIMIT) is None
            counts.sync()
        assert counts.take("address:10.0.0.7", LIMIT) == 40
    finally:
        app.close()


def test_proxy_headers_are_believed_only_from_the_proxies_named() -> None:
    """By default no X-Forwarded-For is believed (uvicorn's own default believes 127.0.0.1,
    so a local process could name a new client address on every request)."""
    assert proxy_options(Settings()) == {"proxy_headers": False}
    named = Settings(trusted_proxies="10.0.0.5, 10.1.0.0/16")
    assert proxy_options(named) == {
        "proxy_headers": True,
        "forwarded_allow_ips": ["10.0.0.5", "10.1.0.0/16"],
    }
    with pytest.raises(ValueError, match="not an IP address"):
        Settings(trusted_proxies="proxy.example")


def test_a_forged_x_forwarded_for_does_not_escape_the_limit_of_a_served_app(
    tmp_path: Path,
) -> None:
    """`serve` believes no proxy header unless told to: a new X-Forwarded-For on every
    request from 127.0.0.1 (uvicorn's default trusted proxy) is still the same address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE": str(LIMIT),
        "PROBLEMORIENTERAT_DATA_DIR": str(tmp_path),
    }
    env.pop("PROBLEMORIENTERAT_DATABASE_URL", None)
    env.pop("PROBLEMORIENTERAT_TRUSTED_PROXIES", None)
    server = subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-c", "from problemorienterat.cli import main; main()",
         "serve", "--no-demo", "--port", str(port)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        answers = [
            httpx.get(
                f"{base}/api/v1/me", headers={"X-Forwarded-For": f"203.0.113.{i}"}
            ).status_code
            for i in range(LIMIT + 1)
        ]
        assert answers == [401] * LIMIT + [429]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_logged_in_web_user_is_counted_for_the_user_not_the_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The session cookie is renewed by every answer; each new one is learned, so a web
    user's requests after the first count for the user and leave the address its room."""
    monkeypatch.setenv("PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE", "5")
    application = in_memory()
    world = build_world(application)
    with TestClient(app=create_app(application=application)) as browser:
        page = browser.get("/logga-in")  # the address: 1
        token = page.text.split('name="_csrf_token" value="')[1].split('"')[0]
        logged_in = browser.post(  # the address: 2
            "/logga-in",
            data={"_csrf_token": token, "token": world.tokens["member"], "nasta": ""},
            follow_redirects=False,
        )
        assert logged_in.status_code == 303
        answers = [browser.get("/", follow_redirects=False).status_code for _ in range(6)]
        assert 429 not in answers[:6]  # the first counts for the address (3), then the user
        browser.cookies.clear()
        anonymous = [browser.get("/logga-in").status_code for _ in range(3)]
        assert anonymous == [200, 200, 429]  # the address: 4, 5, then full
    application.close()
