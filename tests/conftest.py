"""Fixtures shared by every test: actors, and the application on each store.

PostgreSQL tests use ``PROBLEMORIENTERAT_TEST_POSTGRES_URL`` (default: the local server's
``test`` database). Without a reachable server they skip with the reason shown, unless
``REQUIRE_POSTGRES=1`` (as in CI), when they fail instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import (
    BRA,
    MEMBER,
    POSTGRES_URL,
    SYSTEM,
    _conninfo,
    make_app,
    require_postgres,
)

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from problemorienterat.domain.actor import Actor
from projections import ProjectionService


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A database URL whose schema is new and empty, dropped after the test."""
    require_postgres()
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(_conninfo(POSTGRES_URL), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{_conninfo(POSTGRES_URL)}?schema={schema}"
    finally:
        with psycopg.connect(_conninfo(POSTGRES_URL), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'events.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store the product supports, in turn."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store_app(database_url: str, tmp_path: Path) -> Iterator[ProblemorienteratApp]:
    """The application on SQLite and on PostgreSQL, with Kungsör registered."""
    app = make_app(database_url, tmp_path)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    yield app
    app.close()


@pytest.fixture
def app() -> Iterator[ProblemorienteratApp]:
    """The application in memory, with Kungsör registered: for rules, not storage."""
    application = ProblemorienteratApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    application.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    yield application
    application.close()


@pytest.fixture
def member() -> Actor:
    return MEMBER


@pytest.fixture
def bra() -> Actor:
    return BRA


@pytest.fixture
def views(store_app: ProblemorienteratApp, tmp_path: Path) -> Iterator[ProjectionService]:
    """The views on ``store_app``'s store, kept current in this process."""
    service = ProjectionService(store_app, Settings(data_dir=tmp_path))
    service.start()
    yield service
    service.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """What a test asked to be printed with the run's results (``record_property("summary",
    ...)``, e.g. the schemathesis counts): shown also when the test ran in an xdist worker."""
    lines = [
        str(value)
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "summary"
    ]
    if lines:
        terminalreporter.section("summaries")
        for line in lines:
            terminalreporter.write_line(line)
