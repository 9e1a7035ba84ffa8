"""The command line ``problemorienterat``: one module per command or group of commands.

Every command works on the store the settings name: ``--data-dir`` and ``--database-url``
override ``PROBLEMORIENTERAT_DATA_DIR`` and ``PROBLEMORIENTERAT_DATABASE_URL``. Broken rules
and unusable settings end with a one-line message on stderr and exit code 2.
"""

from __future__ import annotations

import typer

from problemorienterat.cli import (
    audit,
    backup,
    demo,
    keys,
    municipalities,
    privacy,
    projections,
    remind,
    serve,
    users,
    version,
)

__all__ = ["cli", "main"]

cli = typer.Typer(
    name="problemorienterat",
    help="Problemorienterat: ärendestöd för problemorienterat brottsförebyggande arbete (SARA).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold database passwords
)
for command in (
    serve.serve,
    demo.demo,
    version.version,
    audit.verify,
    audit.checkpoint,
    audit.export,
    privacy.erase,
    projections.project,
    remind.remind,
    backup.backup,
    backup.restore,
):
    cli.command()(command)
cli.add_typer(municipalities.municipalities_cli, name="municipalities")
cli.add_typer(privacy.retention_cli, name="retention")
cli.add_typer(projections.projections_cli, name="projections")
cli.add_typer(users.users_cli, name="users")
cli.add_typer(keys.keys_cli, name="keys")


def main() -> None:
    """Entry point of the ``problemorienterat`` console script."""
    cli()
