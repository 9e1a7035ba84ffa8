"""``problemorienterat version``: the version, the data directory and the database."""

from __future__ import annotations

import typer

from problemorienterat.cli.common import (
    DatabaseUrl,
    DataDir,
    reported_errors,
    settings_for,
    without_password,
)


def version(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Visa version, datakatalog och databas."""
    from problemorienterat import __version__

    typer.echo(f"problemorienterat {__version__}")
    with reported_errors():
        settings = settings_for(data_dir, database_url)
        typer.echo(f"Datakatalog: {settings.data_dir}")
        typer.echo(f"Databas:     {without_password(settings.resolved_database_url)}")
