"""A store that cannot write, recognised in one place: a full disk or a read-only database.

SQLite says so with ``SQLITE_FULL`` or ``SQLITE_READONLY`` (``database or disk is full``,
``attempt to write a readonly database``), PostgreSQL with SQLSTATE 53100 (``disk_full``) or
25006 (``read_only_sql_transaction``). The library wraps these in its own ``PersistenceError``
(or they arrive bare, from the views and the key store), so :func:`store_unavailable` looks
through the whole chain of causes. The API answers :class:`StoreUnavailable` with a 503 and
``Retry-After``, the web with a Swedish page, the command line with one line and exit code 2.
"""

from __future__ import annotations

import sqlite3
from typing import Literal

import psycopg

# How long a client is told to wait: an operator has to free space or make the store writable.
RETRY_AFTER_SECONDS = 60

Reason = Literal["disk_full", "read_only"]

_SQLITE_FULL = 13
_SQLITE_READONLY = 8
_SQLITE_MESSAGES: dict[str, Reason] = {
    "database or disk is full": "disk_full",
    "attempt to write a readonly database": "read_only",
}
_POSTGRES_STATES: dict[str, Reason] = {"53100": "disk_full", "25006": "read_only"}

_DESCRIPTIONS: dict[Reason, str] = {
    "disk_full": "the database's disk is full",
    "read_only": "the database is read-only",
}


class StoreUnavailableError(Exception):
    """The store cannot write: its disk is full or it is read-only. Nothing was saved."""

    def __init__(self, reason: Reason) -> None:
        self.reason: Reason = reason
        super().__init__(f"The store cannot write: {_DESCRIPTIONS[reason]}.")

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self.reason]


def store_unavailable(error: BaseException) -> StoreUnavailableError | None:
    """The :class:`StoreUnavailableError` that ``error`` (or any error it was raised from)
    amounts to; None when it is some other error."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StoreUnavailableError):
            return current
        reason = _reason(current)
        if reason is not None:
            return StoreUnavailableError(reason)
        current = current.__cause__ or current.__context__
    return None


def _reason(error: BaseException) -> Reason | None:
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None:
            primary = code & 0xFF  # extended codes keep the primary one in the low byte
            if primary == _SQLITE_FULL:
                return "disk_full"
            if primary == _SQLITE_READONLY:
                return "read_only"
        return _SQLITE_MESSAGES.get(str(error).strip())
    if isinstance(error, psycopg.Error):
        return _POSTGRES_STATES.get(error.sqlstate or "")
    return None
