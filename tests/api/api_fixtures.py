"""Fixtures for API tests (import them by name): a fresh installation behind a test client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from world import FakeViews, World, build_world

from api.app import create_app
from problemorienterat.application import ProblemorienteratApp


@pytest.fixture
def world() -> Iterator[World]:
    application = ProblemorienteratApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield build_world(application)
    application.close()


@pytest.fixture
def client(world: World) -> Iterator[TestClient[Litestar]]:
    app = create_app(application=world.application)
    app.state.projections = FakeViews()
    with TestClient(app=app) as test_client:
        yield test_client
