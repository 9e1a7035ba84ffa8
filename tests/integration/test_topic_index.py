"""Lists of every aggregate of a kind (users, working groups) read the log by topic through an
index, not by scanning every event: the pages listing them do not grow with the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from eventsourcing.utils import get_topic
from support import make_app

from problemorienterat.domain.user import User


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_the_log_has_an_index_by_topic(
    store: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    app = make_app(str(request.getfixturevalue(f"{store}_url")), tmp_path)
    try:
        recorder = app.recorder
        table = recorder.events_table_name  # type: ignore[attr-defined]
        if store == "sqlite":
            with recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
                cursor.execute(
                    f"EXPLAIN QUERY PLAN SELECT rowid FROM {table} "  # noqa: S608 - our table
                    "WHERE rowid >= ? AND topic IN (?) ORDER BY rowid LIMIT ?",
                    (1, get_topic(User.Added), 10),
                )
                plan = " ".join(str(tuple(row)) for row in cursor.fetchall())
            assert f"{table}_by_topic" in plan
        else:
            with recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
                cursor.execute(
                    "SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND indexname = %s",
                    (recorder.datastore.schema, f"{table}_by_topic"),  # type: ignore[attr-defined]
                )
                (definition,) = cursor.fetchone().values()
            assert "(topic, notification_id)" in definition
    finally:
        app.close()
