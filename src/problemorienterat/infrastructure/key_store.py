"""The key store: one key per person (data subject), in the same database as the events.

A subject's key is kept wrapped (sealed with the master key, bound to the subject id).
Destroying it deletes the wrapped key for good and leaves a tombstone row, so the subject is
known to be erased (a new key is never made for them, and data stored before keys existed
reads as erased too). The same store keeps the master key's check value.

After destroying a key the store makes the deletion stick: SQLite overwrites the freed
bytes with zeros (``secure_delete``) and checkpoints its write-ahead log into the database
file and truncates it, so neither the file nor its ``-wal`` keeps the old page; PostgreSQL
vacuums the key table (outside a transaction) so no dead row version keeps the old key.
PostgreSQL's WAL segments and every backup keep what they held until they expire: the wrapped
key stays useless without the master key, but an erasure is only complete once they are gone
(docs/security.md).
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

_log = logging.getLogger("problemorienterat.erasure")

_KEYS = "problemorienterat_subject_keys"
_CHECK = "problemorienterat_key_check"
_RING = "problemorienterat_key_ring"


class SubjectKeyStore(ABC):
    """Wrapped per-person keys: get, create once, destroy for good."""

    @abstractmethod
    def get(self, subject_id: UUID) -> bytes | None:
        """The wrapped key, or None if the subject has none (never had one, or erased)."""

    @abstractmethod
    def is_erased(self, subject_id: UUID) -> bool: ...

    @abstractmethod
    def add(self, subject_id: UUID, wrapped_key: bytes) -> bytes | None:
        """Store a key for a new subject; return the key now stored (another writer's, if
        one came first), or None if the subject is erased."""

    @abstractmethod
    def destroy(self, subject_id: UUID) -> bool:
        """Delete the subject's key and leave a tombstone; False if it was already gone."""

    @abstractmethod
    def keyed_subjects(self) -> set[UUID]:
        """Every subject that has a key now."""

    @abstractmethod
    def check_value(self) -> bytes | None: ...

    @abstractmethod
    def set_check_value(self, value: bytes) -> None: ...

    @abstractmethod
    def replace_check_value(self, value: bytes) -> None:
        """Replace the check value (key rotation: one sealed with the newest key)."""

    @abstractmethod
    def replace_wrapped(self, subject_id: UUID, old: bytes, new: bytes) -> bool:
        """Store ``new`` as the subject's wrapped key if ``old`` is still the one stored
        (False: erased or changed meanwhile). Call :meth:`settle` after a run of these."""

    def settle(self) -> None:  # noqa: B027 - nothing to settle in memory
        """Make replaced and destroyed keys' old bytes go from the store's files."""

    @abstractmethod
    def ring_keys(self) -> dict[bytes, bytes]:
        """Older master keys kept sealed with a newer one, by key id."""

    @abstractmethod
    def keep_ring_key(self, key_id: bytes, wrapped: bytes) -> None:
        """Keep (or replace) an older master key, sealed with a newer one."""


class MemoryKeyStore(SubjectKeyStore):
    """For the in-memory event store (tests)."""

    def __init__(self) -> None:
        self._keys: dict[UUID, bytes | None] = {}
        self._check: bytes | None = None
        self._ring: dict[bytes, bytes] = {}
        self._lock = threading.Lock()

    def get(self, subject_id: UUID) -> bytes | None:
        return self._keys.get(subject_id)

    def is_erased(self, subject_id: UUID) -> bool:
        return subject_id in self._keys and self._keys[subject_id] is None

    def add(self, subject_id: UUID, wrapped_key: bytes) -> bytes | None:
        with self._lock:
            return self._keys.setdefault(subject_id, wrapped_key)

    def destroy(self, subject_id: UUID) -> bool:
        with self._lock:
            had_key = self._keys.get(subject_id) is not None
            self._keys[subject_id] = None
            return had_key

    def keyed_subjects(self) -> set[UUID]:
        return {subject for subject, key in self._keys.items() if key is not None}

    def check_value(self) -> bytes | None:
        return self._check

    def set_check_value(self, value: bytes) -> None:
        self._check = value

    def replace_check_value(self, value: bytes) -> None:
        self._check = value

    def replace_wrapped(self, subject_id: UUID, old: bytes, new: bytes) -> bool:
        with self._lock:
            if self._keys.get(subject_id) != old:
                return False
            self._keys[subject_id] = new
            return True

    def ring_keys(self) -> dict[bytes, bytes]:
        return dict(self._ring)

    def keep_ring_key(self, key_id: bytes, wrapped: bytes) -> None:
        self._ring[key_id] = wrapped


class _SqlKeyStore(SubjectKeyStore):
    """Shared SQL for SQLite (``?`` placeholders) and PostgreSQL (``%s``)."""

    placeholder = "?"
    blob_type = "BLOB"
    # After destroying a key: how often to try again to remove its old copies while another
    # reader's snapshot still holds them, and how long to wait in between.
    settle_attempts = 50
    settle_pause = 0.1

    def __init__(self, datastore: Any, prefix: str = "", *, create_tables: bool = True) -> None:
        self.datastore = datastore
        self.keys = prefix + _KEYS
        self.check = prefix + _CHECK
        self.ring = prefix + _RING
        if create_tables:
            self._create_tables()

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self.placeholder)

    def _run(self, statement: str, params: tuple[Any, ...] = (), *, commit: bool) -> list[Any]:
        with self.datastore.transaction(commit=commit) as cursor:
            cursor.execute(self._sql(statement), params)
            if statement.lstrip().upper().startswith("SELECT"):
                return list(cursor.fetchall())
            return []

    def _create_tables(self) -> None:
        self._run(
            f"CREATE TABLE IF NOT EXISTS {self.keys} (subject_id TEXT PRIMARY KEY, "
            f"wrapped_key {self.blob_type}, created_at TEXT NOT NULL, erased_at TEXT)",
            commit=True,
        )
        self._run(
            f"CREATE TABLE IF NOT EXISTS {self.check} (id INTEGER PRIMARY KEY, "
            f"check_value {self.blob_type} NOT NULL)",
            commit=True,
        )
        self._run(
            f"CREATE TABLE IF NOT EXISTS {self.ring} (key_id TEXT PRIMARY KEY, "
            f"wrapped_key {self.blob_type} NOT NULL, kept_at TEXT NOT NULL)",
            commit=True,
        )

    def _row(self, subject_id: UUID) -> tuple[bytes | None, str | None] | None:
        rows = self._run(
            f"SELECT wrapped_key, erased_at FROM {self.keys} WHERE subject_id = ?",  # noqa: S608
            (subject_id.hex,),
            commit=False,
        )
        if not rows:
            return None
        row = rows[0]
        key, erased = (row["wrapped_key"], row["erased_at"]) if isinstance(row, dict) else row
        return (bytes(key) if key is not None else None), erased

    def get(self, subject_id: UUID) -> bytes | None:
        row = self._row(subject_id)
        return row[0] if row else None

    def is_erased(self, subject_id: UUID) -> bool:
        row = self._row(subject_id)
        return row is not None and row[1] is not None

    def add(self, subject_id: UUID, wrapped_key: bytes) -> bytes | None:
        self._run(
            f"INSERT INTO {self.keys} (subject_id, wrapped_key, created_at) "  # noqa: S608
            "VALUES (?, ?, ?) ON CONFLICT (subject_id) DO NOTHING",
            (subject_id.hex, wrapped_key, _now()),
            commit=True,
        )
        return self.get(subject_id)

    def destroy(self, subject_id: UUID) -> bool:
        had_key = self.get(subject_id) is not None
        with self.datastore.transaction(commit=True) as cursor:
            self._before_destroy(cursor)
            cursor.execute(
                self._sql(
                    f"INSERT INTO {self.keys} (subject_id, wrapped_key, created_at, erased_at) "  # noqa: S608
                    "VALUES (?, NULL, ?, ?) ON CONFLICT (subject_id) DO UPDATE "
                    "SET wrapped_key = NULL, erased_at = excluded.erased_at"
                ),
                (subject_id.hex, _now(), _now()),
            )
        self._after_destroy()
        return had_key

    def _before_destroy(self, cursor: Any) -> None:
        """Hook for the store to make the deletion stick (SQLite: overwrite freed pages)."""

    def _after_destroy(self) -> None:
        """Hook run after the destroying transaction committed (no old copy may stay)."""

    def keyed_subjects(self) -> set[UUID]:
        rows = self._run(
            f"SELECT subject_id FROM {self.keys} WHERE wrapped_key IS NOT NULL",  # noqa: S608
            commit=False,
        )
        return {UUID(row["subject_id"] if isinstance(row, dict) else row[0]) for row in rows}

    def check_value(self) -> bytes | None:
        rows = self._run(f"SELECT check_value FROM {self.check} WHERE id = 1", commit=False)  # noqa: S608
        if not rows:
            return None
        row = rows[0]
        return bytes(row["check_value"] if isinstance(row, dict) else row[0])

    def set_check_value(self, value: bytes) -> None:
        self._run(
            f"INSERT INTO {self.check} (id, check_value) VALUES (1, ?) "  # noqa: S608
            "ON CONFLICT (id) DO NOTHING",
            (value,),
            commit=True,
        )

    def replace_check_value(self, value: bytes) -> None:
        self._run(
            f"INSERT INTO {self.check} (id, check_value) VALUES (1, ?) "  # noqa: S608
            "ON CONFLICT (id) DO UPDATE SET check_value = excluded.check_value",
            (value,),
            commit=True,
        )

    def replace_wrapped(self, subject_id: UUID, old: bytes, new: bytes) -> bool:
        with self.datastore.transaction(commit=True) as cursor:
            self._before_destroy(cursor)  # the old wrapping's bytes are overwritten too
            cursor.execute(
                self._sql(
                    f"UPDATE {self.keys} SET wrapped_key = ? "  # noqa: S608
                    "WHERE subject_id = ? AND wrapped_key = ?"
                ),
                (new, subject_id.hex, old),
            )
            changed = getattr(cursor, "sqlite_cursor", cursor).rowcount
        return bool(changed == 1)

    def settle(self) -> None:
        self._after_destroy()

    def ring_keys(self) -> dict[bytes, bytes]:
        try:
            rows = self._run(f"SELECT key_id, wrapped_key FROM {self.ring}", commit=False)  # noqa: S608
        except Exception as error:
            from problemorienterat.infrastructure.side_tables import missing_table

            if missing_table(error):  # a store from before key rotation, opened read-only
                return {}
            raise
        found = {}
        for row in rows:
            key_id, wrapped = (row["key_id"], row["wrapped_key"]) if isinstance(row, dict) else row
            found[bytes.fromhex(key_id)] = bytes(wrapped)
        return found

    def keep_ring_key(self, key_id: bytes, wrapped: bytes) -> None:
        self._run(
            f"INSERT INTO {self.ring} (key_id, wrapped_key, kept_at) VALUES (?, ?, ?) "  # noqa: S608
            "ON CONFLICT (key_id) DO UPDATE SET wrapped_key = excluded.wrapped_key, "
            "kept_at = excluded.kept_at",
            (key_id.hex(), wrapped, _now()),
            commit=True,
        )


class SQLiteKeyStore(_SqlKeyStore):
    def _before_destroy(self, cursor: Any) -> None:
        # Deleted content is overwritten with zeros instead of left in the page's free space.
        cursor.execute("PRAGMA secure_delete = ON")

    def _after_destroy(self) -> None:
        """Copy the write-ahead log into the database file and truncate it: the log's older
        frames of the key table's page still hold the wrapped key."""
        for _ in range(self.settle_attempts):
            with self.datastore.get_connection(commit=True) as connection:
                cursor = connection.cursor()
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy = cursor.fetchone()[0]
            if not busy:
                return
            time.sleep(self.settle_pause)
        _log.warning(
            "The write-ahead log could not be checkpointed after an erasure (readers kept "
            "it busy); the next erasure or a restart checkpoints it."
        )


class PostgresKeyStore(_SqlKeyStore):
    placeholder = "%s"
    blob_type = "BYTEA"

    def _after_destroy(self) -> None:
        """Vacuum the key table, so the dead row version holding the wrapped key is removed
        (VACUUM cannot run inside a transaction: the pool's connections are autocommit). A
        transaction whose snapshot is older than the erasure keeps the dead version until it
        ends, so vacuum again until none is left (VACUUM records how many remain)."""
        for _ in range(self.settle_attempts):
            with self.datastore.get_connection() as connection:
                connection.execute(f"VACUUM {self.keys}")
                row = connection.execute(
                    "SELECT pg_stat_get_dead_tuples(%s::regclass) AS dead", (self.keys,)
                ).fetchone()
            if not row or not row["dead"]:
                return
            time.sleep(self.settle_pause)
        _log.warning(
            "Dead row versions of the key table outlived an erasure (an older transaction "
            "is still open); the next erasure's VACUUM or autovacuum removes them."
        )


def key_store_for(recorder: ApplicationRecorder, *, create_tables: bool = True) -> SubjectKeyStore:
    """The key store in the same database as ``recorder``'s events (its tables made unless
    ``create_tables`` is false: a read-only store)."""
    from eventsourcing.postgres import PostgresDatastore
    from eventsourcing.sqlite import SQLiteDatastore

    datastore = getattr(recorder, "datastore", None)
    if isinstance(datastore, SQLiteDatastore):
        return SQLiteKeyStore(datastore, create_tables=create_tables)
    if isinstance(datastore, PostgresDatastore):
        return PostgresKeyStore(
            datastore, prefix=f"{datastore.schema}.", create_tables=create_tables
        )
    return MemoryKeyStore()


def _now() -> str:
    return datetime.now(UTC).isoformat()
