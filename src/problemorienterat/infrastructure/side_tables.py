"""Small tables of the application's own beside the events, in the same database: SQL that
runs on SQLite (``?``) and PostgreSQL (``%s``) alike, through the recorder's datastore.

Each table is created when first written (``CREATE TABLE IF NOT EXISTS`` in the writing
transaction), so opening a read-only copy of the database creates nothing; a read of a table
that does not exist yet reads nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore


@dataclass(frozen=True)
class SideTables:
    """Where the side tables live: the datastore, the SQL dialect and the name prefix."""

    datastore: Any
    postgres: bool
    prefix: str  # "<schema>." on PostgreSQL

    @property
    def blob_type(self) -> str:
        return "BYTEA" if self.postgres else "BLOB"

    @property
    def bigint_type(self) -> str:
        return "BIGINT" if self.postgres else "INTEGER"

    def name(self, table: str) -> str:
        return f"{self.prefix}{table}"

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.postgres else statement

    def write(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Run ``statements`` in one committed transaction."""
        with self.datastore.transaction(commit=True) as cursor:
            for statement, params in statements:
                cursor.execute(self.sql(statement), tuple(params))

    def read(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query; none when its table does not exist yet."""
        try:
            with self.datastore.transaction(commit=False) as cursor:
                cursor.execute(self.sql(statement), tuple(params))
                rows = cursor.fetchall()
        except Exception as error:
            if missing_table(error):
                return []
            raise
        return [tuple(row.values()) if isinstance(row, dict) else tuple(row) for row in rows]


def side_tables(recorder: ApplicationRecorder) -> SideTables | None:
    """The side tables in ``recorder``'s database; None for the in-memory store."""
    datastore = getattr(recorder, "datastore", None)
    if isinstance(datastore, SQLiteDatastore):
        return SideTables(datastore, postgres=False, prefix="")
    if isinstance(datastore, PostgresDatastore):
        return SideTables(datastore, postgres=True, prefix=f"{datastore.schema}.")
    return None


def missing_table(error: BaseException) -> bool:
    """Whether ``error`` (or an error it was raised from) says a table does not exist."""
    current: BaseException | None = error
    while current is not None:
        if isinstance(current, sqlite3.OperationalError) and "no such table" in str(current):
            return True
        if isinstance(current, psycopg.errors.UndefinedTable):
            return True
        current = current.__cause__ or current.__context__
    return False
