"""Backup and restore (docs/backup.md): `backup` copies a consistent store while the server
writes; `restore` puts it into an empty store, where `verify --against` the last checkpoint
says the chain is intact and extends it, and the views rebuilt there equal the original's.

Run with ``-s`` to see the commands' output (docs/backup.md quotes it)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from builders import identified, plan_lighting, responding
from support import POSTGRES_URL, SYSTEM, TEST_ENCRYPTION_KEY, _conninfo, make_app
from typer.testing import CliRunner

from problemorienterat.application import ProblemorienteratApp
from projections._database import ViewDatabase
from projections._tables import REGISTRY
from projections.rebuild import rebuild
from projections.runner import PROJECTIONS

runner = CliRunner()


@pytest.fixture(autouse=True)
def _keys_apart(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The checkpoint signing key lives apart from every database, as in production."""
    keys = tmp_path / "keys"
    keys.mkdir()
    monkeypatch.setenv("PROBLEMORIENTERAT_CHECKPOINT_KEY_FILE", str(keys / "checkpoint.pem"))
    monkeypatch.delenv("PROBLEMORIENTERAT_DATABASE_URL", raising=False)
    monkeypatch.delenv("PROBLEMORIENTERAT_ENCRYPTION_KEY", raising=False)


def _cli(*args: str) -> str:
    from problemorienterat.cli import cli

    result = runner.invoke(cli, list(args))
    print(f"$ problemorienterat {' '.join(args)}\n{result.output}", end="")
    assert result.exit_code == 0, result.output
    return result.output


def _some_work(app: ProblemorienteratApp) -> None:
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    for _ in range(3):
        identified(app)
    problem_id, _ = responding(app)
    plan_lighting(app, problem_id)


def _views(app: ProblemorienteratApp) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every active view table, in key order, by logical table name."""
    db = ViewDatabase(app.recorder)
    found: dict[str, list[tuple[Any, ...]]] = {}
    with db.transaction() as tx:
        active = {
            row["name"]: row["generation"]
            for row in tx.all(
                f"SELECT name, generation FROM {db.table(REGISTRY)} WHERE state = ?",  # noqa: S608
                ("active",),
            )
        }
        for projection in PROJECTIONS:
            for table in projection.tables:
                physical = db.table(table.physical(active[projection.name]))
                columns = ", ".join(table.column_names)
                rows = tx.all(f"SELECT {columns} FROM {physical} ORDER BY {table.key}")  # noqa: S608
                found[table.name] = [tuple(row[c] for c in table.column_names) for row in rows]
    return found


def _restore_and_compare(
    original: ProblemorienteratApp, restored_url: str, store: list[str], restored_store: list[str]
) -> None:
    checkpoint = Path(store[store.index("--data-dir") + 1]) / "checkpoint.json"
    _cli("checkpoint", "--out", str(checkpoint), *store)
    backup_file = checkpoint.with_name("backup.bin")
    _cli("backup", "--to", str(backup_file), *store)

    _cli("restore", "--from", str(backup_file), *restored_store)
    verified = _cli("verify", "--against", str(checkpoint), *restored_store)
    assert "intact" in verified
    assert "extends checkpoint at position" in verified

    rebuild(original, PROJECTIONS)
    _cli("projections", "rebuild", *restored_store)
    restored = make_app(restored_url, Path(restored_store[restored_store.index("--data-dir") + 1]))
    try:
        assert restored.recorder.max_notification_id() == original.recorder.max_notification_id()
        original_views, restored_views = _views(original), _views(restored)
        assert original_views["problems"], "the views hold the problems"
        assert restored_views == original_views
    finally:
        restored.close()


def test_sqlite_backup_restores_into_a_new_file_verified_with_equal_views(tmp_path: Path) -> None:
    """SQLite: backup, restore into a new file (the key file put back beside it), verify
    against the checkpoint: intact; rebuilt views equal the original's, row for row."""
    original_dir, restored_dir = tmp_path / "original", tmp_path / "restored"
    original_dir.mkdir()
    url = f"sqlite:///{original_dir / 'problemorienterat.db'}"
    restored_url = f"sqlite:///{restored_dir / 'problemorienterat.db'}"
    app = make_app(url, original_dir)
    try:
        _some_work(app)
        restored_dir.mkdir()
        # The key is not in the backup: it comes back from where it is kept apart.
        shutil.copy2(original_dir / "encryption.key", restored_dir / "encryption.key")
        _restore_and_compare(
            app,
            restored_url,
            ["--data-dir", str(original_dir), "--database-url", url],
            ["--data-dir", str(restored_dir), "--database-url", restored_url],
        )
    finally:
        app.close()


def test_sqlite_backup_while_a_writer_appends_is_one_consistent_moment(tmp_path: Path) -> None:
    """A writer appends all through the backup: the copy is a whole prefix of the log (each
    event the same bytes at the same position), and its chain verifies intact."""
    url = f"sqlite:///{tmp_path / 'problemorienterat.db'}"
    app = make_app(url, tmp_path)
    store = ["--data-dir", str(tmp_path), "--database-url", url]
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:
        while not stop.is_set():
            identified(app)
            written.append(1)

    try:
        _some_work(app)
        writer = threading.Thread(target=write)
        writer.start()
        try:
            while len(written) < 3:
                stop.wait(0.01)
            _cli("backup", "--to", str(tmp_path / "copy.db"), *store)
        finally:
            stop.set()
            writer.join()
        copy = sqlite3.connect(tmp_path / "copy.db")
        live = sqlite3.connect(tmp_path / "problemorienterat.db")
        try:
            query = (
                "SELECT rowid, originator_id, originator_version, state "
                "FROM stored_events ORDER BY rowid"
            )
            copied = copy.execute(query).fetchall()
            assert copied == live.execute(query).fetchall()[: len(copied)]
            assert len(copied) < app.recorder.max_notification_id()  # written on after it
        finally:
            copy.close()
            live.close()
        verified = _cli(
            "verify",
            "--database-url",
            f"sqlite:///{tmp_path / 'copy.db'}?mode=ro",
            "--data-dir",
            str(tmp_path),
        )
        assert "intact" in verified
    finally:
        app.close()


@contextmanager
def _new_database() -> Iterator[str]:
    """A new, empty PostgreSQL database (dropped after)."""
    import psycopg

    name = f"restore_{uuid.uuid4().hex[:12]}"
    server = _conninfo(POSTGRES_URL)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A new, empty PostgreSQL database, to restore into."""
    from support import require_postgres

    require_postgres()
    with _new_database() as url:
        yield url


@pytest.mark.postgres
def test_postgres_backup_restores_into_an_empty_database_verified_with_equal_views(
    postgres_url: str, empty_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: `backup` (pg_dump -Fc of the store's schema), `restore` (pg_restore) into
    an empty database, verify against the checkpoint: intact; views rebuilt equal."""
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is not installed (postgresql-client)")
    monkeypatch.setenv("PROBLEMORIENTERAT_ENCRYPTION_KEY", TEST_ENCRYPTION_KEY)
    schema = postgres_url.split("schema=", 1)[1]
    restored_url = f"{empty_database}?schema={schema}"
    app = make_app(postgres_url, tmp_path)
    try:
        _some_work(app)
        _restore_and_compare(
            app,
            restored_url,
            ["--data-dir", str(tmp_path), "--database-url", postgres_url],
            ["--data-dir", str(tmp_path), "--database-url", restored_url],
        )
    finally:
        app.close()
    version = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True)  # noqa: S607
    print(version.stdout, end="")


@pytest.mark.postgres
def test_a_store_in_the_public_schema_restores_into_a_new_databases_public_schema(
    empty_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The compose deployment keeps its store in ``public``, which every new database has
    already: the restore fills it instead of failing on CREATE SCHEMA public."""
    monkeypatch.setenv("PROBLEMORIENTERAT_ENCRYPTION_KEY", TEST_ENCRYPTION_KEY)
    with _new_database() as source:
        app = make_app(source, tmp_path)
        try:
            app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
            identified(app)
            head = app.recorder.max_notification_id()
        finally:
            app.close()
        store = ["--data-dir", str(tmp_path), "--database-url", source]
        _cli("checkpoint", "--out", str(tmp_path / "checkpoint.json"), *store)
        _cli("backup", "--to", str(tmp_path / "public.dump"), *store)
    restored = ["--data-dir", str(tmp_path), "--database-url", empty_database]
    _cli("restore", "--from", str(tmp_path / "public.dump"), *restored)
    verified = _cli("verify", "--against", str(tmp_path / "checkpoint.json"), *restored)
    assert f"intact, {head} events" in verified
    assert f"extends checkpoint at position {head}" in verified
    import psycopg

    # The restore gave the planner its statistics (a dump has none): the log was analysed.
    with psycopg.connect(empty_database) as conn:
        analysed = conn.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
        ).fetchall()
    assert any(name.endswith("_events") for (name,) in analysed), analysed
