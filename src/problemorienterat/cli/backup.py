"""``backup`` and ``restore``: a consistent copy of the store while the server runs, and
putting one back into an empty store (docs/backup.md). No key is in a backup."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Annotated

import typer

from problemorienterat.cli.common import (
    DatabaseUrl,
    DataDir,
    fail,
    reported_errors,
    settings_for,
    without_password,
)

_KEYS_APART = (
    "Nycklarna ingår inte: säkerhetskopiera krypteringsnyckeln, kontrollpunktsnyckeln och "
    "sessionshemligheten var för sig, skilda från databasen (docs/backup.md)."
)


def backup(
    to: Annotated[
        Path,
        typer.Option(
            "--to",
            help="Filen att skriva (skrivs aldrig över): en SQLite-databas, eller för "
            "PostgreSQL en pg_dump-fil i custom-format.",
            dir_okay=False,
        ),
    ],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Säkerhetskopiera lagret medan servern är igång (en ögonblicksbild, utan nycklar)."""
    from rich.console import Console

    from problemorienterat.infrastructure.backup import (
        BackupError,
        backup_sqlite,
        pg_dump_command,
        postgres_target,
        sqlite_path,
        tool_environment,
    )

    with reported_errors():
        settings = settings_for(data_dir, database_url)
        url = settings.resolved_database_url
        if settings.is_postgres:
            if to.exists():
                fail(f"{to} finns redan; en säkerhetskopia skriver aldrig över en fil.")
            target = postgres_target(url)
            with Console(stderr=True).status(f"pg_dump av {without_password(url)} …"):
                _run(pg_dump_command(target, to), tool_environment(target), "pg_dump")
            to.chmod(0o600)
            typer.echo(f"Säkerhetskopia (pg_dump, schema {target.schema}) skriven till {to}.")
        else:
            try:
                with Console(stderr=True).status("Kopierar SQLite-databasen …"):
                    copied = backup_sqlite(sqlite_path(url, settings.data_dir), to)
            except BackupError as error:
                fail(f"Fel: {error}")
            typer.echo(
                f"Säkerhetskopia skriven till {copied.path} ({copied.pages} sidor, "
                f"{copied.bytes:,} byte; integritetskontrollen ok)."
            )
    typer.echo(_KEYS_APART, err=True)


def restore(
    source: Annotated[
        Path,
        typer.Option(
            "--from",
            help="Säkerhetskopian (från problemorienterat backup).",
            dir_okay=False,
            exists=True,
        ),
    ],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Läs tillbaka en säkerhetskopia till ett tomt lager (en ny SQLite-fil, eller en tom
    PostgreSQL-databas). Kör sedan verify --against med den senaste kontrollpunkten."""
    from problemorienterat.infrastructure.backup import (
        BackupError,
        analyze_command,
        pg_list_command,
        pg_restore_command,
        postgres_target,
        restore_listing,
        restore_sqlite,
        sqlite_path,
        tool_environment,
    )

    with reported_errors():
        settings = settings_for(data_dir, database_url)
        url = settings.resolved_database_url
        if settings.is_postgres:
            import tempfile

            target = postgres_target(url)
            env = tool_environment(target)
            contents = _run(pg_list_command(source), env, "pg_restore --list")
            with tempfile.TemporaryDirectory() as scratch:
                listing = Path(scratch) / "restore.list"
                listing.write_text(restore_listing(contents), encoding="utf-8")
                _run(pg_restore_command(target, source, listing), env, "pg_restore")
            _run(analyze_command(target), env, "psql")
        else:
            try:
                restore_sqlite(source, sqlite_path(url, settings.data_dir))
            except BackupError as error:
                fail(f"Fel: {error}")
    typer.echo(f"Återläst till {without_password(url)}.")
    typer.echo(
        "Lägg tillbaka krypteringsnyckeln och kontrollera lagret: "
        "problemorienterat verify --against SENASTE-KONTROLLPUNKT.json"
    )


def _run(command: list[str], env: dict[str, str], tool: str) -> str:
    """Run a PostgreSQL tool; its output, or one line on stderr and exit code 2."""
    try:
        done = subprocess.run(  # noqa: S603 - the PostgreSQL tools, with arguments built here
            command, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        fail(f"{tool} saknas: installera PostgreSQL:s klientprogram (postgresql-client).")
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[0]
        fail(f"{tool} misslyckades: {first}")
    return done.stdout
