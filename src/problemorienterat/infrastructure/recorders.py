"""Event recorders that extend the hash chain in the same transaction as the events they insert.

Used through the library's ``APPLICATION_RECORDER_TOPIC`` (set in ``config.store_env``). The
chain lives in the table ``<events table>_chain`` (position, link) beside the events. Inserts
are already serialised by the library (SQLite's single writer; PostgreSQL's exclusive table
lock), so reading the chain's head and appending to it cannot race.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    InterfaceError,
    OperationalError,
    PersistenceError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteConnection, SQLiteCursor, SQLiteDatastore
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.abc import Query
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composable, Identifier

from problemorienterat.audit.chain import GENESIS, link
from problemorienterat.audit.metadata import INDEX_COLUMNS, KWARG, EventMetadata, index_rows
from problemorienterat.config import postgres_options
from problemorienterat.infrastructure.library_compat import (
    PostgresRecorderWithInsertHook,
    SQLiteRecorderWithInsertHook,
    new_sqlite_connection,
    raw_sqlite_connection,
    sqlite_select_events_statement,
)


def _rendered(statement: Query) -> bytes:
    """A psycopg statement as the bytes it is sent as."""
    if isinstance(statement, Composable):
        return statement.as_bytes(None)
    return statement if isinstance(statement, bytes) else str(statement).encode()


def chain_table_name(events_table_name: str) -> str:
    return f"{events_table_name}_chain"


def index_table_name(events_table_name: str) -> str:
    return f"{events_table_name}_index"


def _metadata(kwargs: dict[str, Any], count: int) -> list[EventMetadata]:
    metadata: list[EventMetadata] = kwargs.get(KWARG) or []
    return metadata if len(metadata) == count else []


def extend_chain(
    head: bytes, ids: Sequence[int], stored_events: Sequence[StoredEvent]
) -> list[tuple[int, bytes]]:
    """The new chain rows for events just given ``ids``, following ``head``."""
    rows = []
    for position, event in sorted(zip(ids, stored_events, strict=True), key=lambda p: p[0]):
        head = link(
            head,
            position=position,
            originator_id=event.originator_id,
            version=event.originator_version,
            topic=event.topic,
            state=event.state,
        )
        rows.append((position, head))
    return rows


class ChainedSQLiteApplicationRecorder(SQLiteRecorderWithInsertHook):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self.chain_table_name = chain_table_name(events_table_name)
        self.index_table_name = index_table_name(events_table_name)
        self._readers = threading.local()
        self._readers_lock = threading.Lock()
        self._reader_connections: weakref.WeakSet[SQLiteConnection] = weakref.WeakSet()
        super().__init__(datastore, events_table_name)

    def _reader(self) -> sqlite3.Connection:
        """This thread's reading connection, made as the pool makes its connections. Only
        the thread holds it: when the thread ends, the connection goes with it."""
        connection: SQLiteConnection | None = getattr(self._readers, "connection", None)
        if connection is None:
            connection = new_sqlite_connection(self.datastore)
            with self._readers_lock:
                self._reader_connections.add(connection)
            self._readers.connection = connection
        return raw_sqlite_connection(connection)

    def close_readers(self) -> None:
        """Close every thread's reading connection (when the application closes)."""
        with self._readers_lock:
            for connection in list(self._reader_connections):
                connection.close()
            self._reader_connections.clear()
            self._readers = threading.local()

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {self.chain_table_name} ("
            "position INTEGER PRIMARY KEY, link BLOB NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self.index_table_name} ("
            "position INTEGER PRIMARY KEY, originator_id TEXT NOT NULL, "
            "originator_version INTEGER NOT NULL, timestamp TEXT NOT NULL, "
            "event_type TEXT NOT NULL, actor_user_id TEXT NOT NULL, "
            "actor_organisation TEXT NOT NULL, actor_role TEXT NOT NULL, "
            "municipality TEXT NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {self.index_table_name}_by_aggregate "
            f"ON {self.index_table_name} (originator_id, timestamp)",
            f"CREATE INDEX IF NOT EXISTS {self.index_table_name}_by_time "
            f"ON {self.index_table_name} (municipality, timestamp)",
            # Lists of every aggregate of a kind (users, groups) read the log by topic: without
            # this a read scans the whole log, and the pages that list them grow with it.
            f"CREATE INDEX IF NOT EXISTS {self.events_table_name}_by_topic "
            f"ON {self.events_table_name} (topic)",
        ]

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        """The library's query as one statement on this thread's own connection: no
        ``BEGIN``/``ROLLBACK`` around it and no pool lock (a lone ``SELECT`` in autocommit
        reads one consistent state; WAL readers block nobody). In-memory keeps the pool."""
        statement = sqlite_select_events_statement(self)
        key = originator_id.hex if isinstance(originator_id, UUID) else originator_id
        params: list[Any] = [key]
        if gt is not None:
            statement += "AND originator_version>? "
            params.append(gt)
        if lte is not None:
            statement += "AND originator_version<=? "
            params.append(lte)
        statement += "ORDER BY originator_version " + ("DESC " if desc else "ASC ")
        if limit is not None:
            statement += "LIMIT ? "
            params.append(limit)
        try:
            rows = self._read(statement, params)
        except sqlite3.Error as error:
            raise PersistenceError(error) from error
        return [self._stored(row) for row in rows]

    def select_events_after(self, versions: Mapping[UUID, int]) -> list[StoredEvent]:
        """The events of several aggregates after the versions given, in one statement
        (an aggregate and the working group its access depends on, read together)."""
        conditions = " OR ".join("(originator_id=? AND originator_version>?)" for _ in versions)
        statement = (
            f"SELECT * FROM {self.events_table_name} WHERE {conditions} "
            "ORDER BY originator_id, originator_version"
        )
        params = [v for key, version in versions.items() for v in (key.hex, version)]
        try:
            rows = self._read(statement, params)
        except sqlite3.Error as error:
            raise PersistenceError(error) from error
        return [self._stored(row) for row in rows]

    def _read(self, statement: str, params: Sequence[Any]) -> list[Any]:
        if self.datastore.pool.is_sqlite_memory_mode:
            with self.datastore.get_connection(commit=False) as connection:
                return raw_sqlite_connection(connection).execute(statement, params).fetchall()
        return self._reader().execute(statement, params).fetchall()

    def _stored(self, row: Any) -> StoredEvent:
        return StoredEvent(
            originator_id=self.convert_originator_id(row["originator_id"]),
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=row["state"],
        )

    def after_insert(
        self,
        cursor: SQLiteCursor,
        ids: Sequence[int],
        stored_events: Sequence[StoredEvent],
        kwargs: dict[str, Any],
    ) -> None:
        """Extend the chain and the metadata index in the transaction that inserted."""
        cursor.execute(f"SELECT link FROM {self.chain_table_name} ORDER BY position DESC LIMIT 1")
        row = cursor.fetchone()
        head = bytes(row[0]) if row else GENESIS
        cursor.executemany(
            f"INSERT INTO {self.chain_table_name} (position, link) VALUES (?, ?)",
            extend_chain(head, ids, stored_events),
        )
        metadata = _metadata(kwargs, len(ids))
        if metadata:
            cursor.executemany(
                f"INSERT INTO {self.index_table_name} ({INDEX_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                index_rows(ids, metadata),
            )


def _with_short_statement_options(datastore: PostgresDatastore) -> None:
    """Have the pool's connections start with JIT and parallel workers off (before the pool
    opens: the library opens it at the first use of a connection, after the recorders are
    made)."""
    kwargs = datastore.pool.kwargs
    assert isinstance(kwargs, dict)  # the library gives the pool a dict of connection settings
    kwargs["options"] = postgres_options(kwargs.get("options"))


@dataclass(frozen=True)
class PlannerStatistics:
    """The event log's statistics in PostgreSQL: gathered when (None: never), rows changed
    since, rows in all (both estimates of the server's statistics collector)."""

    analyzed_at: datetime | None
    changed_since: int
    rows: int


class ChainedPostgresApplicationRecorder(PostgresRecorderWithInsertHook):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        _with_short_statement_options(datastore)
        super().__init__(datastore, events_table_name=events_table_name)
        self.chain_table_name = chain_table_name(self.events_table_name)
        self.index_table_name = index_table_name(self.events_table_name)
        chain = Identifier(self.datastore.schema), Identifier(self.chain_table_name)
        index = Identifier(self.datastore.schema), Identifier(self.index_table_name)
        self.sql_create_statements.extend(
            [
                SQL(
                    "CREATE TABLE IF NOT EXISTS {}.{} ("
                    "position bigint PRIMARY KEY, originator_id uuid NOT NULL, "
                    "originator_version bigint NOT NULL, timestamp timestamptz NOT NULL, "
                    "event_type text NOT NULL, actor_user_id text NOT NULL, "
                    "actor_organisation text NOT NULL, actor_role text NOT NULL, "
                    "municipality text NOT NULL)"
                ).format(*index),
                SQL("CREATE INDEX IF NOT EXISTS {} ON {}.{} (originator_id, timestamp)").format(
                    Identifier(f"{self.index_table_name}_by_aggregate"), *index
                ),
                SQL("CREATE INDEX IF NOT EXISTS {} ON {}.{} (municipality, timestamp)").format(
                    Identifier(f"{self.index_table_name}_by_time"), *index
                ),
                # Lists of every aggregate of a kind (users, groups) read the log by topic:
                # without this a read scans the whole log, and the pages listing them grow.
                SQL("CREATE INDEX IF NOT EXISTS {} ON {}.{} (topic, notification_id)").format(
                    Identifier(f"{self.events_table_name}_by_topic"),
                    Identifier(self.datastore.schema),
                    Identifier(self.events_table_name),
                ),
            ]
        )
        self._insert_index = _rendered(
            SQL(
                "INSERT INTO {}.{} ("
                + INDEX_COLUMNS
                + ") VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
            ).format(*index)
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.{} "
                "(position bigint PRIMARY KEY, link bytea NOT NULL)"
            ).format(*chain)
        )
        self._select_head = _rendered(
            SQL("SELECT link FROM {}.{} ORDER BY position DESC LIMIT 1").format(*chain)
        )
        self._insert_links = _rendered(
            SQL("INSERT INTO {}.{} (position, link) VALUES (%s, %s)").format(*chain)
        )
        self._render_statements_once()

    def _render_statements_once(self) -> None:
        """Render every statement to bytes once: psycopg renders a composed statement
        again on each execution, and the library builds its event query anew per read."""
        self.render_library_statements(_rendered)
        self.notify_statement = _rendered(SQL("NOTIFY {0}").format(Identifier(self.channel_name)))
        self._select_events: dict[tuple[bool, bool, bool, bool], bytes] = {}
        self._select_events_after: dict[int, bytes] = {}

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        """The library's query, rendered once per shape (which bounds are given)."""
        shape = (gt is not None, lte is not None, desc, limit is not None)
        statement = self._select_events.get(shape)
        if statement is None:
            query = self.library_select_events_statement
            if gt is not None:
                query += SQL(" AND originator_version > %s")
            if lte is not None:
                query += SQL(" AND originator_version <= %s")
            query += SQL(
                " ORDER BY originator_version DESC" if desc else " ORDER BY originator_version ASC"
            )
            if limit is not None:
                query += SQL(" LIMIT %s")
            statement = self._select_events[shape] = _rendered(query)
        params = [p for p in (originator_id, gt, lte, limit) if p is not None]
        return self._read(statement, params)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events_after(self, versions: Mapping[UUID, int]) -> list[StoredEvent]:
        """The events of several aggregates after the versions given, in one round trip
        (an aggregate and the working group its access depends on, read together)."""
        count = len(versions)
        statement = self._select_events_after.get(count)
        if statement is None:
            conditions = SQL(" OR ").join(
                SQL("(originator_id = %s AND originator_version > %s)") for _ in range(count)
            )
            table = Identifier(self.datastore.schema), Identifier(self.events_table_name)
            statement = self._select_events_after[count] = _rendered(
                SQL("SELECT * FROM {}.{} WHERE ").format(*table)
                + conditions
                + SQL(" ORDER BY originator_id, originator_version")
            )
        params = [v for key, version in versions.items() for v in (key, version)]
        return self._read(statement, params)

    def planner_statistics(self) -> PlannerStatistics:
        """What PostgreSQL's planner knows of the event log: when its statistics were last
        gathered (ANALYZE or autovacuum) and how many rows changed since. A log grown by
        millions of events since is planned on stale estimates (docs/operations.md)."""
        with self.datastore.get_connection() as conn:
            row = conn.execute(
                "SELECT GREATEST(last_analyze, last_autoanalyze) AS analyzed_at, "
                "n_mod_since_analyze AS changed, n_live_tup AS rows FROM pg_stat_user_tables "
                "WHERE schemaname = %s AND relname = %s",
                (self.datastore.schema, self.events_table_name),
            ).fetchone()
        if row is None:
            return PlannerStatistics(None, 0, 0)
        return PlannerStatistics(row["analyzed_at"], int(row["changed"]), int(row["rows"]))

    def _read(self, statement: bytes, params: Sequence[Any]) -> list[StoredEvent]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, params, prepare=True)
            return [
                StoredEvent(
                    originator_id=row["originator_id"],
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=bytes(row["state"]),
                )
                for row in curs.fetchall()
            ]

    def after_insert(
        self,
        cursor: Cursor[DictRow],
        ids: Sequence[int],
        stored_events: Sequence[StoredEvent],
        kwargs: dict[str, Any],
    ) -> None:
        """Extend the chain and the metadata index in the transaction that inserted."""
        cursor.execute(self._select_head)
        row = cursor.fetchone()
        head = bytes(row["link"]) if row else GENESIS
        cursor.executemany(self._insert_links, extend_chain(head, ids, stored_events))
        metadata = _metadata(kwargs, len(ids))
        if metadata:
            cursor.executemany(self._insert_index, index_rows(ids, metadata))
