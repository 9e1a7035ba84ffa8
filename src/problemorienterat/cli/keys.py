"""``keys``: master key rotation without downtime (docs/backup.md#key-rotation)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from problemorienterat.cli.common import (
    DatabaseUrl,
    DataDir,
    application_at,
    fail,
    reported_errors,
)

keys_cli = typer.Typer(
    help="Krypteringsnyckeln (huvudnyckeln): byt den utan avbrott.", no_args_is_help=True
)


@keys_cli.command("new")
def new(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Filen att skriva den nya nyckeln till (läsbar bara av ägaren).",
            dir_okay=False,
        ),
    ],
) -> None:
    """Skapa en ny huvudnyckel i en egen fil (skriver aldrig över en fil)."""
    from problemorienterat.infrastructure.sealing import MasterKey

    key = MasterKey.generate()
    try:
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        fail(f"{out} finns redan; välj en ny fil.")
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key.to_text() + "\n")
    typer.echo(f"Ny huvudnyckel (id {key.key_id.hex()}) skriven till {out}.")
    typer.echo(
        "Säkerhetskopiera den skild från databasen. Byt sedan: den nya som "
        "PROBLEMORIENTERAT_ENCRYPTION_KEY_FILE, den gamla i "
        "PROBLEMORIENTERAT_ENCRYPTION_PREVIOUS_KEYS_FILE, starta om en process i taget, "
        "och kör problemorienterat keys rewrap.",
        err=True,
    )


@keys_cli.command("rewrap")
def rewrap(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Slå in varje persons nyckel med den nya huvudnyckeln och spara de äldre huvudnycklarna
    i lagret, inslagna med den nya; sedan behövs den gamla nyckelfilen inte längre."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from problemorienterat.infrastructure.key_rotation import rewrap as rewrap_keys
    from problemorienterat.infrastructure.sealing import SealingMapper

    with reported_errors(), application_at(data_dir, database_url) as application:
        mapper = application.mapper
        sealer = mapper.sealer if isinstance(mapper, SealingMapper) else None
        if sealer is None:
            fail(
                "Kryptering i vila är avstängd (PROBLEMORIENTERAT_ENCRYPTION=off): "
                "ingen nyckel att byta."
            )
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
        ) as progress:
            task = progress.add_task("Slår in personnycklar", total=None)

            def report(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            result = rewrap_keys(application.key_store, sealer, report)
    typer.echo(
        f"Huvudnyckel {result.key_id}: {result.rewrapped} personnycklar inslagna på nytt, "
        f"{result.already} hade den redan, {result.skipped} raderade under tiden; "
        f"{result.ring} äldre huvudnycklar sparade i lagret, inslagna med den nya."
    )
    typer.echo(
        "Den gamla nyckelfilen behövs inte längre: ta bort "
        "PROBLEMORIENTERAT_ENCRYPTION_PREVIOUS_KEYS_FILE och starta om processerna.",
        err=True,
    )
