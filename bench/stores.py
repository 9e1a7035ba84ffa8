"""The event stores a benchmark runs on, each created for the run and removed afterwards.

- SQLite: a file database per benchmark in a temporary directory (the library switches it
  to WAL); the directory is deleted at the end.
- PostgreSQL: a fresh database per run (``problemorienterat_bench_<random>``), a fresh schema
  per benchmark in it; the database is dropped at the end.

``store.env_for(key)`` gives a benchmark the library environment of its own, empty store,
built with the project's :func:`problemorienterat.config.store_env` like the app itself does.
"""

from __future__ import annotations

import base64
import secrets
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

from problemorienterat.config import store_env

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# Events are encrypted at rest, as in production; a key for the run (nothing is kept).
BENCH_ENCRYPTION = {
    "PROBLEMORIENTERAT_ENCRYPTION_KEY": base64.b64encode(secrets.token_bytes(32)).decode()
}


class StoreUnavailableError(Exception):
    """The store cannot be used in this run; the message says why."""


class Store(Protocol):
    name: str
    label: str

    def env_for(self, key: str) -> dict[str, str]: ...

    def facts(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


class SqliteStore:
    name = "sqlite"
    label = "SQLite (file, WAL)"

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="problemorienterat-bench-"))
        self.files: list[Path] = []

    def env_for(self, key: str) -> dict[str, str]:
        path = self.directory / f"{key}.db"
        self.files.append(path)
        return store_env(f"sqlite:///{path}", self.directory) | BENCH_ENCRYPTION

    def facts(self) -> dict[str, Any]:
        facts: dict[str, Any] = {
            "sqlite_library_version": sqlite3.sqlite_version,
            "directory": str(self.directory),
            "filesystem": _filesystem_of(self.directory),
        }
        existing = [f for f in self.files if f.exists()]
        if existing:
            # journal_mode=WAL is stored in the file; synchronous is a per-connection
            # setting the library leaves at SQLite's default, which a new connection shows.
            with sqlite3.connect(existing[0]) as conn:
                facts["journal_mode"] = conn.execute("PRAGMA journal_mode").fetchone()[0]
                sync = conn.execute("PRAGMA synchronous").fetchone()[0]
            conn.close()
            facts["synchronous"] = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(sync, sync)
        return facts

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


class PostgresStore:
    name = "postgres"
    label = "PostgreSQL"

    def __init__(self, admin_url: str = DEFAULT_POSTGRES_URL) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise StoreUnavailableError(f"psycopg is not installed ({exc}).") from None
        self._psycopg = psycopg
        self.admin_url = admin_url
        self.database = f"problemorienterat_bench_{secrets.token_hex(4)}"
        try:
            with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
                self.server_version = _shown(conn.execute("SHOW server_version").fetchone())
                conn.execute(f'CREATE DATABASE "{self.database}"')
        except psycopg.Error as exc:
            lines = str(exc).strip().splitlines()
            reason = lines[0] if lines else repr(exc)
            raise StoreUnavailableError(
                f"PostgreSQL at {_redacted(admin_url)} is not reachable or refuses to create "
                f"a database: {reason}"
            ) from None
        parts = urlsplit(admin_url)
        credentials = quote(parts.username or "postgres", safe="")
        if parts.password:
            credentials += ":" + quote(parts.password, safe="")
        self.base_url = (
            f"postgresql://{credentials}@{parts.hostname or '127.0.0.1'}:{parts.port or 5432}"
            f"/{self.database}"
        )
        self.schemas: list[str] = []

    def env_for(self, key: str) -> dict[str, str]:
        schema = f"bench_{key}"
        with self._psycopg.connect(self.base_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        self.schemas.append(schema)
        return store_env(f"{self.base_url}?schema={schema}", Path(tempfile.gettempdir())) | (
            BENCH_ENCRYPTION
        )

    def facts(self) -> dict[str, Any]:
        facts: dict[str, Any] = {
            "server_version": self.server_version,
            "server": _redacted(self.admin_url).rsplit("/", 1)[0],
            "database": f"{self.database} (created for the run, dropped afterwards)",
        }
        try:
            with self._psycopg.connect(self.base_url, connect_timeout=3) as conn:
                for setting in ("synchronous_commit", "fsync", "shared_buffers"):
                    facts[setting] = _shown(conn.execute(f"SHOW {setting}").fetchone())
        except self._psycopg.Error:
            pass
        return facts

    def close(self) -> None:
        with self._psycopg.connect(self.admin_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def open_store(name: str, *, postgres_url: str = DEFAULT_POSTGRES_URL) -> Store:
    """Create the named store for this run, or raise :class:`StoreUnavailableError`."""
    if name == "sqlite":
        return SqliteStore()
    if name == "postgres":
        return PostgresStore(postgres_url)
    raise StoreUnavailableError(f"Unknown store {name!r}; use sqlite or postgres.")


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def _filesystem_of(path: Path) -> str:
    """The filesystem type holding ``path`` (from /proc/mounts), e.g. ``ext4`` or ``tmpfs``."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "unknown"
    best, fstype = "", "unknown"
    resolved = str(path.resolve())
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1]
        inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, fstype = mount_point, fields[2]
    return fstype


def _shown(row: tuple[Any, ...] | None) -> str:
    """The value a ``SHOW`` answered (a row always comes back for a known setting)."""
    return "" if row is None else str(row[0])
