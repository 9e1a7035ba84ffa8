"""Questions answered from the event metadata index: versions as of a time, the audit feed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from psycopg.sql import SQL, Identifier

from problemorienterat.audit.metadata import INDEX_COLUMNS, stored_time
from problemorienterat.audit.ports import EventIndex, FeedEntry, FeedFilter
from problemorienterat.infrastructure.recorders import (
    ChainedPostgresApplicationRecorder,
    ChainedSQLiteApplicationRecorder,
)


def event_index(recorder: ApplicationRecorder) -> EventIndex:
    if isinstance(recorder, ChainedSQLiteApplicationRecorder):
        return _SQLiteIndex(recorder)
    if isinstance(recorder, ChainedPostgresApplicationRecorder):
        return _PostgresIndex(recorder)
    msg = "This event store keeps no event index (it is not a SQLite or PostgreSQL store)."
    raise TypeError(msg)


def _conditions(
    where: FeedFilter, after: int, mark: str, *, as_text: bool
) -> tuple[list[str], list[Any]]:
    """WHERE clauses and parameters; ``as_text`` stores times and ids as SQLite keeps them."""
    if not where.municipalities:
        return ["1 = 0"], []
    places = ", ".join([mark] * len(where.municipalities))
    clauses = [f"position > {mark}", f"municipality IN ({places})"]
    params: list[Any] = [after, *where.municipalities]
    since = stored_time(where.since) if as_text and where.since else where.since
    until = stored_time(where.until) if as_text and where.until else where.until
    originator = where.originator_id.hex if as_text and where.originator_id else where.originator_id
    optional: list[tuple[str, Any]] = [
        (f"actor_user_id = {mark}", where.actor_user_id),
        (f"actor_organisation = {mark}", where.organisation),
        (f"event_type = {mark}", where.event_type),
        (f"timestamp >= {mark}", since),
        (f"timestamp <= {mark}", until),
        (f"originator_id = {mark}", originator),
    ]
    for clause, value in optional:
        if value:
            clauses.append(clause)
            params.append(value)
    return clauses, params


def _entry(row: Sequence[Any]) -> FeedEntry:
    moment = row[3] if isinstance(row[3], datetime) else datetime.fromisoformat(row[3])
    return FeedEntry(
        position=row[0],
        originator_id=row[1] if isinstance(row[1], UUID) else UUID(row[1]),
        originator_version=row[2],
        timestamp=moment,
        event_type=row[4],
        actor_user_id=row[5],
        actor_organisation=row[6],
        actor_role=row[7],
        municipality=row[8],
    )


class _SQLiteIndex:
    def __init__(self, recorder: ChainedSQLiteApplicationRecorder) -> None:
        self.recorder = recorder
        self.table = recorder.index_table_name

    def version_at(self, originator_id: UUID, moment: datetime) -> int | None:
        with self.recorder.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT MAX(originator_version) FROM {self.table} "
                "WHERE originator_id = ? AND timestamp <= ?",
                (originator_id.hex, stored_time(moment)),
            )
            row = c.fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def feed(self, where: FeedFilter, *, after: int, limit: int) -> list[FeedEntry]:
        clauses, params = _conditions(where, after, "?", as_text=True)
        statement = (
            f"SELECT {INDEX_COLUMNS} FROM {self.table} WHERE "
            + " AND ".join(clauses)
            + " ORDER BY position LIMIT ?"
        )
        with self.recorder.datastore.transaction(commit=False) as c:
            c.execute(statement, (*params, limit))
            return [_entry(tuple(row)) for row in c.fetchall()]


class _PostgresIndex:
    def __init__(self, recorder: ChainedPostgresApplicationRecorder) -> None:
        self.recorder = recorder
        self.table = SQL("{}.{}").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.index_table_name)
        )

    def version_at(self, originator_id: UUID, moment: datetime) -> int | None:
        statement = SQL(
            "SELECT MAX(originator_version) AS v FROM {} "
            "WHERE originator_id = %s AND timestamp <= %s"
        ).format(self.table)
        with self.recorder.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, (originator_id, moment))
            row = curs.fetchone()
        return int(row["v"]) if row and row["v"] is not None else None

    def feed(self, where: FeedFilter, *, after: int, limit: int) -> list[FeedEntry]:
        clauses, params = _conditions(where, after, "%s", as_text=False)
        statement = SQL(
            "SELECT "
            + INDEX_COLUMNS
            + " FROM {} WHERE "
            + " AND ".join(clauses)
            + " ORDER BY position LIMIT %s"
        ).format(self.table)
        with self.recorder.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, (*params, limit))
            return [_entry(tuple(row.values())) for row in curs.fetchall()]


class ScanningIndex:
    """The same answers for a store without an index (the in-memory store of tests and
    demos): scans and decodes the notification log. Fine for small stores only."""

    def __init__(self, recorder: ApplicationRecorder, mapper: Any) -> None:
        self.recorder = recorder
        self.mapper = mapper

    def _entries(self) -> list[FeedEntry]:
        entries = []
        municipalities: dict[UUID, str] = {}  # from each aggregate's creation event
        start = 1
        while True:
            page = self.recorder.select_notifications(start=start, limit=1000)
            for notification in page:
                event = self.mapper.to_domain_event(notification)
                actor = getattr(event, "actor", None)
                if hasattr(event, "municipality"):
                    municipalities[event.originator_id] = event.municipality
                entries.append(
                    FeedEntry(
                        position=notification.id,
                        originator_id=event.originator_id,
                        originator_version=event.originator_version,
                        timestamp=event.timestamp,
                        event_type=type(event).__qualname__,
                        actor_user_id=getattr(actor, "user_id", ""),
                        actor_organisation=_value(getattr(actor, "organisation", None)),
                        actor_role=_value(getattr(actor, "role", None)),
                        municipality=municipalities.get(event.originator_id, ""),
                    )
                )
            if len(page) < 1000:
                return entries
            start = page[-1].id + 1

    def version_at(self, originator_id: UUID, moment: datetime) -> int | None:
        versions = [
            e.originator_version
            for e in self._entries()
            if e.originator_id == originator_id and e.timestamp <= moment
        ]
        return max(versions) if versions else None

    def feed(self, where: FeedFilter, *, after: int, limit: int) -> list[FeedEntry]:
        def wanted(e: FeedEntry) -> bool:
            checks = [
                e.position > after,
                e.municipality in where.municipalities,
                not where.actor_user_id or e.actor_user_id == where.actor_user_id,
                not where.organisation or e.actor_organisation == where.organisation,
                not where.event_type or e.event_type == where.event_type,
                not where.since or e.timestamp >= where.since,
                not where.until or e.timestamp <= where.until,
                not where.originator_id or e.originator_id == where.originator_id,
            ]
            return all(checks)

        return [e for e in self._entries() if wanted(e)][:limit]


def _value(enum_member: Any) -> str:
    return str(getattr(enum_member, "value", ""))
