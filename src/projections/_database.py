"""Where the views live: the same SQLite file or PostgreSQL schema as the events.

The views use the application's own connection pool, so on SQLite a view transaction and a
command's save take turns on the pool's one writer connection instead of fighting over the
file lock. SQL is written once with ``?`` placeholders; on PostgreSQL they become ``%s``.

On PostgreSQL a view read costs more in round trips than in the work of its statements
(and on a busy machine each round trip also waits for the server process, then this thread,
to be scheduled again). A read transaction therefore runs in psycopg's pipeline mode: BEGIN,
the statements a view sends with :meth:`Transaction.send` and the COMMIT go out together when
the transaction ends, and all their rows come back in one round trip. A view reads rows while
it sends only when a statement needs an earlier one's rows (each such read is a round trip),
and builds its answer from the rows after the transaction.

A read transaction also takes the generic plan of a prepared statement (``_GENERIC_PLANS``).
A statement added to a view needs that plan checked (``SET plan_cache_mode =
force_generic_plan``, then ``EXPLAIN ANALYZE EXECUTE``): one with several unknown values in
an IN list, say, may be planned as a scan of the whole table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

Row = dict[str, Any]


class UnsupportedStoreError(Exception):
    """The views need the SQLite or PostgreSQL store (not the in-memory one)."""


# A read transaction on PostgreSQL: one snapshot for all its statements, begun in the same
# message as the first of them (no separate SET TRANSACTION round trip).
_BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
# Reuse the plan of a statement psycopg has prepared (after five runs) instead of planning
# each execution for its values: the views' index range reads have one plan for any values.
_GENERIC_PLANS = "SET LOCAL plan_cache_mode = force_generic_plan"


class Result:
    """The rows of a statement sent ahead (:meth:`Transaction.send`). On PostgreSQL, asking
    for them before the transaction has ended waits for the server's answer to every
    statement sent so far (a round trip); afterwards they are here already."""

    def __init__(self, fetch: Callable[[], list[Row]]) -> None:
        self._fetch: Callable[[], list[Row]] | None = fetch
        self._rows: list[Row] = []

    def rows(self) -> list[Row]:
        if self._fetch is not None:
            self._rows, self._fetch = self._fetch(), None
        return self._rows

    def first(self) -> Row | None:
        rows = self.rows()
        return rows[0] if rows else None


class Transaction:
    """A cursor in a transaction, with the few calls the views need."""

    def __init__(self, cursor: Any, *, postgres: bool, pipelined: bool = False) -> None:
        self._cursor = cursor
        self._postgres = postgres
        self._pipelined = pipelined
        self._sent: list[Result] = []  # pipelined: their rows are collected at the end
        self._ended = False

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self._postgres else statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; return how many rows it changed."""
        self._cursor.execute(self._sql(statement), params)
        return int(self._cursor.rowcount)

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._cursor.executemany(self._sql(statement), rows)

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Add rows the table does not hold yet. On PostgreSQL by ``COPY``: one stream
        instead of a statement per row, several times faster for the thousands of new rows
        of a rebuild's page."""
        if not rows:
            return
        # the table and columns come from the projections' own table specs
        names = ", ".join(columns)
        if not self._postgres:
            marks = ", ".join("?" for _ in columns)
            self.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
            return
        with self._cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def all(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        self._check_open()
        self._cursor.execute(self._sql(statement), params)
        return [dict(row) for row in self._cursor.fetchall()]

    def one(self, statement: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.all(statement, params)
        return rows[0] if rows else None

    def send(self, statement: str, params: Sequence[Any] = ()) -> Result:
        """Send a query without waiting for its rows. In a PostgreSQL read transaction it
        goes out with the other statements when the transaction ends, or when the rows of
        one of them are asked for first; elsewhere it runs at once."""
        if not self._pipelined:
            rows = self.all(statement, params)
            return Result(lambda: rows)
        self._check_open()
        cursor = self._cursor.connection.cursor()  # a cursor of its own holds its result
        cursor.execute(self._sql(statement), params)
        result = Result(cursor.fetchall)  # psycopg's dict rows: dicts already
        self._sent.append(result)
        return result

    def end(self) -> None:
        """The transaction is over (its answers are in): read the rows of every statement
        sent (no round trip), so they outlive the connection; send nothing more."""
        for result in self._sent:
            result.rows()
        self._sent.clear()
        self._ended = True

    def _check_open(self) -> None:
        if self._ended:
            raise RuntimeError("The transaction has ended: build the answer from its rows.")


class ViewDatabase:
    """The application's database, seen as the home of the views."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        if isinstance(recorder, PostgresApplicationRecorder):
            self.is_postgres = True
            self.schema = recorder.datastore.schema
        elif isinstance(recorder, SQLiteApplicationRecorder):
            self.is_postgres = False
            self.schema = ""
        else:
            raise UnsupportedStoreError(
                f"The views need the SQLite or PostgreSQL store, not {type(recorder).__name__}."
            )
        self._datastore: Any = recorder.datastore

    def table(self, name: str) -> str:
        """The table's name as SQL: schema-qualified and quoted on PostgreSQL."""
        if self.is_postgres:
            return f'"{self.schema}"."{name}"'
        return f'"{name}"'

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A transaction that commits when the block ends without an error."""
        if self.is_postgres:
            with self._datastore.transaction(commit=True) as cursor:
                yield Transaction(cursor, postgres=True)
        else:
            with self._datastore.transaction(commit=True) as cursor:
                yield Transaction(cursor.sqlite_cursor, postgres=False)

    @contextmanager
    def reading(self) -> Iterator[Transaction]:
        """A read-only transaction: every query in it sees the same committed state. On
        PostgreSQL in pipeline mode: BEGIN, the statements sent and the COMMIT that ends it
        go to the server together when the block ends (see the module's docstring); the
        rows of what was sent are then in their :class:`Result` objects."""
        if self.is_postgres:
            with self._datastore.get_connection() as connection:
                tx = Transaction(connection.cursor(), postgres=True, pipelined=True)
                try:
                    with connection.pipeline():
                        connection.execute(_BEGIN_READ, prepare=False)
                        connection.execute(_GENERIC_PLANS, prepare=False)
                        yield tx
                        # COMMIT, not ROLLBACK: a ROLLBACK through a cursor makes psycopg
                        # forget the session's prepared statements; nothing was written.
                        connection.execute("COMMIT", prepare=False)
                    tx.end()  # the pipeline's end sent it all and took every answer
                finally:
                    connection.rollback()  # after an error; no round trip otherwise
        else:
            with self._datastore.transaction(commit=False) as cursor:
                tx = Transaction(cursor.sqlite_cursor, postgres=False)
                yield tx
                tx.end()

    @contextmanager
    def outside_transaction(self) -> Iterator[Transaction]:
        """A cursor in autocommit mode, for the statements PostgreSQL refuses inside a
        transaction block (VACUUM)."""
        if not self.is_postgres:
            raise UnsupportedStoreError("Only PostgreSQL runs statements outside a transaction.")
        with self._datastore.get_connection() as connection:
            if not connection.autocommit:  # the library's pool makes them autocommit
                raise UnsupportedStoreError("The connection pool is not in autocommit mode.")
            yield Transaction(connection.cursor(), postgres=True)

    def column_type(self, kind: str) -> str:
        """SQL type for a column kind: ``text``, ``int`` or ``float``."""
        if kind == "int":
            return "BIGINT" if self.is_postgres else "INTEGER"
        if kind == "float":
            return "DOUBLE PRECISION" if self.is_postgres else "REAL"
        return "TEXT"
