"""Fixtures shared by every test: actors, and the application on each store.

PostgreSQL tests use ``PROBLEMORIENTERAT_TEST_POSTGRES_URL`` (default: the local server's
``test`` database). Without a reachable server they skip with the reason shown, unless
``REQUIRE_POSTGRES=1`` (as in CI), when they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import store_env
from problemorienterat.domain.actor import Actor, Organisation, Role

POSTGRES_URL = os.environ.get(
    "PROBLEMORIENTERAT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def postgres_unavailable_reason() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    try:
        import psycopg

        with psycopg.connect(_conninfo(POSTGRES_URL), connect_timeout=3):
            return None
    except Exception as error:
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {type(error).__name__}"


def _conninfo(url: str) -> str:
    return url.split("?", 1)[0]


def require_postgres() -> None:
    reason = postgres_unavailable_reason()
    if reason is None:
        return
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(f"REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


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


# Events are encrypted at rest in every test: SQLite makes its key file beside the database
# on first start, as in production; PostgreSQL is given this key.
TEST_ENCRYPTION_KEY = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE="


def make_app(url: str, tmp_path: Path, **extra: str) -> ProblemorienteratApp:
    env = store_env(url, tmp_path)
    if url.startswith("postgres"):
        env["PROBLEMORIENTERAT_ENCRYPTION_KEY"] = TEST_ENCRYPTION_KEY
    env.update(extra)
    return ProblemorienteratApp(env=env)


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


SYSTEM = Actor.system()
MEMBER = Actor("u-anna", "Anna Lind", Organisation.KOMMUN, Role.MEMBER)
POLICE = Actor("u-erik", "Erik Holm", Organisation.POLIS, Role.MEMBER)
BRA = Actor("u-bra", "Karin Sjö", Organisation.KOMMUN, Role.BRA)


@pytest.fixture
def member() -> Actor:
    return MEMBER


@pytest.fixture
def bra() -> Actor:
    return BRA
