"""What tests share besides fixtures: the test actors, the PostgreSQL server to test against,
and ``make_app`` (the application on a given store). Import from here (``from support import
...``), never from ``conftest``: pytest loads every folder's ``conftest.py`` under that one
module name, so an import from it may find another folder's.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import store_env
from problemorienterat.domain.actor import Actor, Organisation, Role
from projections import ProjectionService

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


# Events are encrypted at rest in every test: SQLite makes its key file beside the database
# on first start, as in production; PostgreSQL is given this key.
TEST_ENCRYPTION_KEY = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE="


def make_app(url: str, tmp_path: Path, **extra: str) -> ProblemorienteratApp:
    env = store_env(url, tmp_path)
    if url.startswith("postgres"):
        env["PROBLEMORIENTERAT_ENCRYPTION_KEY"] = TEST_ENCRYPTION_KEY
    env.update(extra)
    return ProblemorienteratApp(env=env)


SYSTEM = Actor.system()
MEMBER = Actor("u-anna", "Anna Lind", Organisation.KOMMUN, Role.MEMBER)
POLICE = Actor("u-erik", "Erik Holm", Organisation.POLIS, Role.MEMBER)
BRA = Actor("u-bra", "Karin Sjö", Organisation.KOMMUN, Role.BRA)


def caught_up(app: ProblemorienteratApp, views: ProjectionService) -> None:
    """Wait until the views have applied every event stored so far."""
    head = app.recorder.max_notification_id() or 0
    assert views.wait_for(head, timeout=10)
