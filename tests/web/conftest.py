"""Fixtures for the web interface's tests (and for every page's tests after them).

A *web world* is a real SQLite store in a temporary directory with the demo municipality
(Kungsör, 1882) loaded, the views kept current by a ``ProjectionService`` in process, and
a user with a token for each role:

- ``bra``: Helena Ström, lokala BRÅ of 1882
- ``member``: Amina Rashid, member (convener) of UNG-gruppen
- ``auditor``: Ingrid Lundqvist, auditor of 1882
- ``admin``: an administrator
- ``outsider``: a member of 1882 who belongs to no working group

Fixtures:

- ``web_world`` (module-scoped, for tests that only read) and ``client`` (its
  ``TestClient``, cookies cleared before each test);
- ``fresh_world`` and ``fresh_client``: a store of the test's own, for tests that write;
- ``world`` (module-scoped) and ``browser`` (its ``TestClient``, the views caught up): a
  store shared by a module whose tests write, each making problems of its own in it (a
  module may define its own ``world`` with more in it).

Every test reads the pages on a fixed clock (``story_clock``): the demo's story of
``DEMO_YEAR`` seen on ``STORY_NOW`` (``web_helpers``), so no test depends on today's date.

Log in through the form with ``login(client, "bra")`` (from ``web_helpers``); it returns
the client, whose cookie jar then holds the session and the CSRF cookie.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from pdf_support import pdf_tools  # noqa: F401 - the fixture, for every web test module
from web_helpers import STORY_NOW, StoryClock, WebWorld, build_web_world

# The modules whose ``datetime.now`` decides what a page shows as overdue (the BRÅ overview's
# moment); the pages' "today" and "this year" come from ``swedish_day.utc_now``.
CLOCK_READERS = ("projections.service",)


@pytest.fixture(autouse=True)
def story_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The views and pages read the clock as STORY_NOW during every web test."""
    for module in CLOCK_READERS:
        monkeypatch.setattr(f"{module}.datetime", StoryClock)
    monkeypatch.setattr("problemorienterat.domain.swedish_day.utc_now", lambda: STORY_NOW)


@pytest.fixture(scope="module")
def web_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebWorld]:
    """The demo store shared by a module's read-only tests."""
    world = build_web_world(tmp_path_factory.mktemp("web"))
    yield world
    world.close()


@pytest.fixture(scope="module")
def _module_client(web_world: WebWorld) -> Iterator[TestClient[Litestar]]:
    with TestClient(app=web_world.web_app) as test_client:
        yield test_client


@pytest.fixture
def client(_module_client: TestClient[Litestar]) -> TestClient[Litestar]:
    """A browser on the shared demo store, logged out (no cookies)."""
    _module_client.cookies.clear()
    return _module_client


@pytest.fixture
def fresh_world(tmp_path: Path) -> Iterator[WebWorld]:
    """A demo store of this test's own (for tests that write)."""
    world = build_web_world(tmp_path)
    yield world
    world.close()


@pytest.fixture
def fresh_client(fresh_world: WebWorld) -> Iterator[TestClient[Litestar]]:
    """A browser on ``fresh_world``, logged out."""
    with TestClient(app=fresh_world.web_app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebWorld]:
    """The demo store of one module whose tests write: each makes problems of its own."""
    built = build_web_world(tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]))
    yield built
    built.close()


@pytest.fixture
def browser(world: WebWorld) -> Iterator[TestClient[Litestar]]:
    """A browser on the module's ``world``, once the views have caught up with it."""
    with TestClient(app=world.web_app) as test_client:
        world.wait_for_views()
        yield test_client
