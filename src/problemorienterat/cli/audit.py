"""Commands for auditors: ``verify`` the hash chain, sign a ``checkpoint`` of its head."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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


def verify(
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="En signerad kontrollpunkt (JSON) som lagret ska vara en fortsättning på.",
            dir_okay=False,
            exists=True,
        ),
    ] = None,
    public_key: Annotated[
        str | None,
        typer.Option(
            "--public-key",
            help="Betrodd publik nyckel (hex) för kontrollpunkten; standard: nyckelfilens.",
        ),
    ] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Räkna om hashkedjan över alla lagrade händelser; avsluta med fel vid första brott."""
    from rich.console import Console

    from problemorienterat.audit.checkpoint import (
        Checkpoint,
        CheckpointError,
        check_signature,
        extends,
        load_or_create_signing_key,
        public_key_hex,
    )
    from problemorienterat.infrastructure.chain_store import chain_store

    with reported_errors():
        settings = settings_for(data_dir, database_url)
        checkpoint = None
        if against is not None:
            try:
                checkpoint = Checkpoint.from_json(against.read_text(encoding="utf-8"))
                trusted = public_key
                if trusted is None:
                    key, _ = load_or_create_signing_key(settings.resolved_checkpoint_key_file)
                    trusted = public_key_hex(key)
                check_signature(checkpoint, trusted)
            except CheckpointError as error:
                typer.echo(f"Kontrollpunkten kan inte användas: {error}", err=True)
                raise typer.Exit(EXIT_ERROR) from None
        # Only reads: a read-only copy will do (nothing is created on opening).
        with application_at(data_dir, database_url, create_tables=False) as application:
            store = chain_store(application.recorder)
            with Console(stderr=True).status("Verifierar hashkedjan …"):
                result = application.check_chain()
            difference = extends(store, result, checkpoint) if checkpoint else None
    typer.echo(result.summary())
    if checkpoint is not None:
        if difference is None:
            typer.echo(f"extends checkpoint at position {checkpoint.position} ({checkpoint.time})")
        else:
            typer.echo(f"does NOT extend the checkpoint: {difference}")
    if not result.intact or difference is not None:
        raise typer.Exit(EXIT_ERROR)


def checkpoint(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Skriv kontrollpunkten till filen (annars till stdout)."),
    ] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Signera hashkedjans huvud (position, hash, tid) med nyckeln utanför databasen och spara
    kontrollpunkten i databasen (granskningens kontroll fortsätter därifrån)."""
    from problemorienterat.audit.checkpoint import (
        CheckpointError,
        load_or_create_signing_key,
        make_checkpoint,
    )
    from problemorienterat.audit.verify import verify_chain
    from problemorienterat.infrastructure.chain_store import chain_store

    with reported_errors():
        settings = settings_for(data_dir, database_url)
        key_file = settings.resolved_checkpoint_key_file
        key, created = load_or_create_signing_key(key_file)
        if created:
            typer.echo(
                f"NY SIGNERINGSNYCKEL skapad i {key_file}. Säkerhetskopiera den och förvara den "
                "skild från databasen: den intygar alla kontrollpunkter.",
                err=True,
            )
        with application_at(data_dir, database_url) as application:
            result = verify_chain(chain_store(application.recorder))
            try:
                signed = make_checkpoint(result, key)
            except CheckpointError as error:
                typer.echo(f"{error} {result.summary()}", err=True)
                raise typer.Exit(EXIT_ERROR) from None
            # Kept beside the chain: /audit/verify continues from it, Historik shows it.
            application.checkpoints.add(signed)
    if out is None:
        typer.echo(signed.to_json())
    else:
        out.write_text(signed.to_json() + "\n", encoding="utf-8")
        typer.echo(f"Kontrollpunkt vid position {signed.position} skriven till {out}.")


def export(
    reference: Annotated[str, typer.Argument(help="Problemets referens, t.ex. KUN-2026-0007.")],
    output_format: Annotated[
        str, typer.Option("--format", help="json (maskinläsbar, med hashar) eller html.")
    ] = "json",
    out: Annotated[
        Path | None, typer.Option("--out", help="Skriv till filen (annars till stdout).")
    ] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Ett ärendes hela historik: JSON med hashar, eller ett läsbart HTML-dokument."""
    import json

    from problemorienterat.audit.export import case_html

    if output_format not in ("json", "html"):
        typer.echo("Formatet är json eller html.", err=True)
        raise typer.Exit(EXIT_ERROR)
    with reported_errors(), application_at(data_dir, database_url) as application:
        problem = application.find_problem(reference)
        exported = application.export_problem(problem.id)
        names = application.case_names(application.history(problem.id), problem.municipality)
        application.record_read(cli_actor(), problem.id, what=f"export-{output_format}")
    text = (
        json.dumps(exported, ensure_ascii=False, indent=2)
        if output_format == "json"
        else case_html(exported, names)
    )
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"{reference} exporterat till {out}.", err=True)
