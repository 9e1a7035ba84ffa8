"""Raw, ordered reads of the stored events and their chain links, page by page."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from psycopg.sql import SQL, Identifier

from problemorienterat.audit.ports import ChainStore, StoredRow
from problemorienterat.infrastructure.recorders import (
    ChainedPostgresApplicationRecorder,
    ChainedSQLiteApplicationRecorder,
)

PAGE = 5000


def chain_store(recorder: ApplicationRecorder) -> ChainStore:
    """The chain reader for the application's recorder, or an error if it keeps no chain."""
    if isinstance(recorder, ChainedSQLiteApplicationRecorder):
        return _SQLiteChainStore(recorder)
    if isinstance(recorder, ChainedPostgresApplicationRecorder):
        return _PostgresChainStore(recorder)
    msg = "This event store keeps no hash chain (it is not a SQLite or PostgreSQL store)."
    raise TypeError(msg)


def _as_uuid(value: Any) -> UUID | str:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        return str(value)


_BATCH = 500  # positions in one SQLite query (its parameter limit is far above)


class _SQLiteChainStore:
    def __init__(self, recorder: ChainedSQLiteApplicationRecorder) -> None:
        self.recorder = recorder
        self.events_table = recorder.events_table_name
        self.chain_table = recorder.chain_table_name

    def _pages(self, statement: str, after: int) -> Iterator[Any]:
        while True:
            with self.recorder.datastore.transaction(commit=False) as c:
                c.execute(statement, (after, PAGE))
                rows = c.fetchall()
            yield from rows
            if len(rows) < PAGE:
                return
            after = rows[-1][0]

    def events(self, after: int = 0) -> Iterator[StoredRow]:
        statement = (
            "SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table} WHERE rowid > ? ORDER BY rowid LIMIT ?"
        )
        for row in self._pages(statement, after):
            yield StoredRow(row[0], _as_uuid(row[1]), row[2], row[3], bytes(row[4]))

    def links(self, after: int = 0) -> Iterator[tuple[int, bytes]]:
        statement = (
            f"SELECT position, link FROM {self.chain_table} "
            "WHERE position > ? ORDER BY position LIMIT ?"
        )
        for row in self._pages(statement, after):
            yield row[0], bytes(row[1])

    def link_at(self, position: int) -> bytes | None:
        with self.recorder.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT link FROM {self.chain_table} WHERE position = ?", (position,))
            row = c.fetchone()
        return bytes(row[0]) if row else None

    def link_before(self, position: int) -> bytes | None:
        with self.recorder.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT link FROM {self.chain_table} WHERE position < ? "
                "ORDER BY position DESC LIMIT 1",
                (position,),
            )
            row = c.fetchone()
        return bytes(row[0]) if row else None

    def links_of(self, positions: Sequence[int]) -> dict[int, bytes]:
        found: dict[int, bytes] = {}
        with self.recorder.datastore.transaction(commit=False) as c:
            for start in range(0, len(positions), _BATCH):
                batch = list(positions[start : start + _BATCH])
                marks = ",".join("?" * len(batch))
                c.execute(
                    f"SELECT position, link FROM {self.chain_table} WHERE position IN ({marks})",
                    batch,
                )
                found.update((row[0], bytes(row[1])) for row in c.fetchall())
        return found


class _PostgresChainStore:
    def __init__(self, recorder: ChainedPostgresApplicationRecorder) -> None:
        self.recorder = recorder
        schema = Identifier(recorder.datastore.schema)
        events = Identifier(recorder.events_table_name)
        chain = Identifier(recorder.chain_table_name)
        self._events = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM {}.{} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        ).format(schema, events)
        self._links = SQL(
            "SELECT position, link FROM {}.{} WHERE position > %s ORDER BY position LIMIT %s"
        ).format(schema, chain)
        self._link_at = SQL("SELECT link FROM {}.{} WHERE position = %s").format(schema, chain)
        self._links_of = SQL("SELECT position, link FROM {}.{} WHERE position = ANY(%s)").format(
            schema, chain
        )
        self._link_before = SQL(
            "SELECT link FROM {}.{} WHERE position < %s ORDER BY position DESC LIMIT 1"
        ).format(schema, chain)

    def _pages(self, statement: SQL | Any, after: int) -> Iterator[Any]:
        while True:
            with self.recorder.datastore.get_connection() as conn, conn.cursor() as curs:
                curs.execute(statement, (after, PAGE))
                rows = curs.fetchall()
            yield from rows
            if len(rows) < PAGE:
                return
            after = next(iter(rows[-1].values()))

    def events(self, after: int = 0) -> Iterator[StoredRow]:
        for row in self._pages(self._events, after):
            yield StoredRow(
                row["notification_id"],
                _as_uuid(row["originator_id"]),
                row["originator_version"],
                row["topic"],
                bytes(row["state"]),
            )

    def links(self, after: int = 0) -> Iterator[tuple[int, bytes]]:
        for row in self._pages(self._links, after):
            yield row["position"], bytes(row["link"])

    def link_at(self, position: int) -> bytes | None:
        return self._one_link(self._link_at, position)

    def link_before(self, position: int) -> bytes | None:
        return self._one_link(self._link_before, position)

    def links_of(self, positions: Sequence[int]) -> dict[int, bytes]:
        with self.recorder.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._links_of, (list(positions),))
            return {row["position"]: bytes(row["link"]) for row in curs.fetchall()}

    def _one_link(self, statement: Any, position: int) -> bytes | None:
        with self.recorder.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, (position,))
            row = curs.fetchone()
        return bytes(row["link"]) if row else None
