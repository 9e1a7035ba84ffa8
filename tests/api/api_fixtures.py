"""Fixtures for API tests (import the ``*_fixture`` functions): a fresh installation per
test behind one web application per module (building the application is the slow part)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from world import FakeViews, World, build_world

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app


def in_memory() -> ProblemorienteratApp:
    return ProblemorienteratApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture(scope="module", name="web")
def web_fixture() -> Iterator[TestClient[Litestar]]:
    app = create_app(application=in_memory())
    app.state.projections = FakeViews(app.state)
    with TestClient(app=app) as test_client:
        yield test_client


@pytest.fixture(name="world")
def world_fixture(web: TestClient[Litestar]) -> Iterator[World]:
    application = in_memory()
    built = build_world(application)
    assert isinstance(web.app, Litestar)
    web.app.state.application = application
    web.app.state.projections = FakeViews(web.app.state)
    yield built
    application.close()


@pytest.fixture(name="client")
def client_fixture(web: TestClient[Litestar], world: World) -> TestClient[Litestar]:
    return web
