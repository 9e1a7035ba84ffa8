"""Commands for personal data: ``erase`` a person, ``retention purge`` closed problems."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from problemorienterat.cli.common import (
    EXIT_ERROR,
    DatabaseUrl,
    DataDir,
    application_at,
    cli_actor,
    reported_errors,
    settings_for,
)

retention_cli = typer.Typer(
    help="Gallring: personuppgifter i stängda problem efter gallringsfristen.",
    no_args_is_help=True,
)


def erase(
    person: Annotated[str, typer.Argument(help="Personens id (person_id/subject_id, ett UUID).")],
    *,
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help="Varför (t.ex. 'Begäran om radering 2026-11-20, dnr 2026/123'); inga "
            "personuppgifter.",
        ),
    ],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Radera en persons personuppgifter för gott (nyckeln förstörs; historiken finns kvar)."""
    try:
        subject_id = UUID(person)
    except ValueError:
        typer.echo("Fel: PERSON är personens id, ett UUID.", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    with reported_errors(), application_at(data_dir, database_url) as application:
        result = application.erase_person(cli_actor(), subject_id, reason=reason)
    if result.recorded:
        typer.echo(f"Raderade personuppgifterna för {subject_id}; raderingen är registrerad.")
    else:
        typer.echo(f"Personen {subject_id} var redan raderad; raderingen är slutförd.")


@retention_cli.command("purge")
def purge(
    retention_days: Annotated[
        int | None,
        typer.Option(
            "--retention-days",
            min=0,
            help="Gallringsfrist i dagar efter stängning (standard: "
            "PROBLEMORIENTERAT_RETENTION_DAYS, annars 1095).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Visa vad som skulle gallras; ändra inget.")
    ] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Gallra personuppgifter i problem som stängdes för längre sedan än gallringsfristen."""
    with reported_errors(), application_at(data_dir, database_url) as application:
        days = retention_days
        if days is None:
            days = settings_for(data_dir, database_url).retention_days
        report = application.purge_retention(cli_actor(), retention_days=days, dry_run=dry_run)
    verb = "Skulle gallra" if report.dry_run else "Gallrade"
    typer.echo(
        f"Gallringsfrist {report.retention_days} dagar: problem stängda före "
        f"{report.cutoff.date().isoformat()}."
    )
    for problem in report.purged:
        typer.echo(
            f"  {problem.reference} (stängt {problem.closed_at.date().isoformat()}): "
            f"{problem.persons} person(er)"
        )
    typer.echo(
        f"{verb} personuppgifter om {report.persons} person(er) i {len(report.purged)} problem."
    )
