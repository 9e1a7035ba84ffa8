"""Backups of the store, taken while the server runs, and restoring them into an empty one.

- **SQLite**: :func:`backup_sqlite` copies the database with SQLite's online backup API
  (:meth:`sqlite3.Connection.backup`) in one step, i.e. inside one read transaction: the copy
  is the store exactly as it was at one moment, however many events the server appends
  meanwhile (in WAL mode writers do not wait for the copy, and it does not wait for them).
  The copy is written beside the target and renamed into place, mode 0600, and checked with
  ``PRAGMA integrity_check`` before it counts as taken.
- **PostgreSQL**: :func:`pg_dump_command` is ``pg_dump --format=custom`` of the store's
  schema (one snapshot, consistent by PostgreSQL's MVCC), :func:`pg_restore_command` its
  ``pg_restore`` into an empty database. The password goes to the tools in ``PGPASSWORD``,
  never on their command line.

Neither holds a key: the master encryption key, the checkpoint signing key and the session
secret live in files (or settings) outside the database, and are kept apart (docs/backup.md).
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from problemorienterat.config import (
    PRIVATE_FILE_MODE,
    ConfigurationError,
    child_environment,
    private_directory,
)


class BackupError(Exception):
    """The backup or restore could not be made; the message says why."""


@dataclass(frozen=True)
class SqliteBackup:
    """What :func:`backup_sqlite` copied."""

    path: Path
    pages: int
    bytes: int


def sqlite_path(url: str, data_dir: Path) -> Path:
    """The file an ``sqlite:///`` URL names (relative paths are in the data directory)."""
    parts = urlsplit(url)
    path = unquote(parts.path)[1:]
    if parts.scheme != "sqlite" or not path or path == ":memory:":
        raise ConfigurationError("The database URL names no SQLite file.")
    db_path = Path(path)
    return db_path if db_path.is_absolute() else data_dir / db_path


def backup_sqlite(source: Path, target: Path) -> SqliteBackup:
    """Copy the SQLite database ``source`` to the new file ``target`` while others write."""
    if not source.is_file():
        raise BackupError(f"The SQLite file {source} does not exist.")
    if target.exists():
        raise BackupError(f"{target} exists already; a backup never overwrites a file.")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    os.close(descriptor)
    try:
        reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        try:
            copy = sqlite3.connect(partial)
            try:
                # pages=-1: every page in one step, so one read transaction sees one state
                reader.backup(copy, pages=-1)
                (pages,) = copy.execute("PRAGMA page_count").fetchone()
                (check,) = copy.execute("PRAGMA integrity_check").fetchone()
                if check != "ok":
                    raise BackupError(f"The copy failed SQLite's integrity check: {check}")
            finally:
                copy.close()
        finally:
            reader.close()
        partial.rename(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return SqliteBackup(target, int(pages), target.stat().st_size)


def restore_sqlite(backup: Path, target: Path) -> SqliteBackup:
    """Put the backup ``backup`` in place as the new store ``target`` (which must not exist
    or be empty): the same online copy, so a restored file is checked like a backup."""
    if target.exists() and target.stat().st_size > 0:
        raise BackupError(
            f"{target} holds a database already; restore into a new file (or move it away)."
        )
    target.unlink(missing_ok=True)
    private_directory(target.parent)
    for suffix in ("-wal", "-shm"):
        stale = target.with_name(target.name + suffix)
        if stale.exists():
            raise BackupError(f"{stale} is left from another database; move it away first.")
    return backup_sqlite(backup, target)


@dataclass(frozen=True)
class PostgresTarget:
    """A PostgreSQL store split into what its tools take: a URL without the password or the
    ``schema`` parameter (libpq does not know it), the password, and the schema."""

    url: str
    password: str | None
    schema: str


def postgres_target(url: str) -> PostgresTarget:
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.path.strip("/"):
        raise ConfigurationError("The database URL names no PostgreSQL database.")
    query = parse_qs(parts.query)
    schema = (query.pop("schema", None) or ["public"])[0]
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(f":{parts.password}@", "@", 1)
    rest = "&".join(f"{k}={v}" for k, values in query.items() for v in values)
    plain = urlunsplit(parts._replace(netloc=netloc, query=rest))
    password = unquote(parts.password) if parts.password is not None else None
    return PostgresTarget(plain, password, schema)


def pg_dump_command(target: PostgresTarget, out: Path) -> list[str]:
    """``pg_dump`` of the store's schema, in the custom format ``pg_restore`` reads."""
    return [
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--schema={target.schema}",
        f"--file={out}",
        f"--dbname={target.url}",
    ]


def pg_restore_command(target: PostgresTarget, backup: Path, listing: Path) -> list[str]:
    """``pg_restore`` of a :func:`pg_dump_command` file into an empty database, of the
    entries in ``listing`` (:func:`restore_listing`), stopping at the first error (one
    transaction: nothing is left half-restored)."""
    return [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--use-list={listing}",
        f"--dbname={target.url}",
        str(backup),
    ]


def analyze_command(target: PostgresTarget) -> list[str]:
    """``ANALYZE`` of the restored database: a dump carries no planner statistics, and without
    them the planner guesses the log's size from nothing until autovacuum gets to it."""
    return ["psql", "--no-psqlrc", "--quiet", "--command=ANALYZE", f"--dbname={target.url}"]


def pg_list_command(backup: Path) -> list[str]:
    """``pg_restore --list``: the table of contents of a dump."""
    return ["pg_restore", "--list", str(backup)]


def restore_listing(contents: str) -> str:
    """The dump's table of contents without the ``public`` schema itself: every database
    has it already (PostgreSQL 15 makes it), so ``CREATE SCHEMA public`` would fail the
    restore; its tables are restored into it as into any other schema."""
    kept = [
        line
        for line in contents.splitlines()
        if not re.search(r"\b(SCHEMA|COMMENT) - (SCHEMA )?public\b", line)
    ]
    return "\n".join(kept) + "\n"


def tool_environment(target: PostgresTarget) -> dict[str, str]:
    """The environment for ``pg_dump``/``pg_restore``: the password in ``PGPASSWORD``."""
    if target.password is None:
        return child_environment()
    return child_environment(PGPASSWORD=target.password)
