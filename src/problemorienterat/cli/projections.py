"""Commands for the views: ``projections status``, ``projections rebuild``, ``project``."""

from __future__ import annotations

import os
import signal
import threading
from time import perf_counter
from types import FrameType
from typing import Annotated

import typer

from problemorienterat.cli.common import (
    EXIT_ERROR,
    DatabaseUrl,
    DataDir,
    application_at,
    open_application,
    reported_errors,
    settings_for,
    without_password,
)

projections_cli = typer.Typer(
    help="Vyerna (projektionerna) som BRÅ och arbetsgrupperna läser.", no_args_is_help=True
)


@projections_cli.command("status")
def status(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Visa varje vys generation, läge, position och hur långt efter händelseloggen den är."""
    from rich.console import Console
    from rich.table import Table

    from projections import ProjectionService

    with reported_errors(), application_at(data_dir, database_url) as application:
        statuses = ProjectionService(application, settings_for(data_dir, database_url)).status()
    if not statuses:
        typer.echo("Inga vyer är byggda ännu (de byggs när serve eller project startar).")
        return
    table = Table("Vy", "Generation", "Läge", "Position", "Logg", "Efter", "Schema")
    for s in statuses:
        table.add_row(
            s.name,
            str(s.generation),
            s.state,
            str(s.position),
            str(s.head),
            str(s.lag),
            f"{s.schema_version}" + ("" if s.current_schema else " (gammalt)"),
        )
    Console().print(table)


@projections_cli.command("rebuild")
def rebuild(
    name: Annotated[
        str | None,
        typer.Argument(help="Vyn att bygga om (problems eller plans); standard: alla."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Händelser per transaktion.")
    ] = 5000,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Bygg om vyer från händelselagret bredvid de gamla och byt när de hunnit ikapp.

    Servern kan vara igång under tiden: den läser de gamla vyerna tills bytet.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from projections.rebuild import rebuild as rebuild_projections
    from projections.runner import PROJECTIONS, projection_named

    try:
        chosen = [projection_named(name)] if name else list(PROJECTIONS)
    except KeyError as error:
        typer.echo(f"Fel: {error.args[0]}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    with reported_errors(), application_at(data_dir, database_url) as application:
        started = perf_counter()
        names = ", ".join(p.name for p in chosen)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("händelser"),
            TimeElapsedColumn(),
            TextColumn("kvar:"),
            TimeRemainingColumn(),
        ) as progress:
            task = progress.add_task(f"Bygger om {names}", total=None)

            def report(position: int, head: int) -> None:
                progress.update(task, completed=position, total=head)

            built = rebuild_projections(application, chosen, batch_size=batch_size, progress=report)
        seconds = perf_counter() - started
        for generation in built:
            rate = generation.position / seconds if seconds > 0 else 0.0
            typer.echo(
                f"{generation.name}: generation {generation.generation} är aktiv vid position "
                f"{generation.position} ({seconds:.1f} s, {rate:,.0f} händelser/s)."
            )


def project(
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
    end_with_parent: Annotated[
        bool,
        typer.Option(
            "--end-with-parent",
            hidden=True,
            help="Avsluta när processen som startade den är borta (serve --workers).",
        ),
    ] = False,
) -> None:
    """Håll vyerna aktuella i en egen process (för PostgreSQL; stäng då av det i serve
    med PROBLEMORIENTERAT_PROJECTIONS_IN_PROCESS=false). Avsluta med Ctrl-C."""
    from problemorienterat.parent_watch import end_with_parent as watch_parent
    from projections import ProjectionService

    if end_with_parent:
        parent = settings_for(data_dir, database_url).parent_pid
        watch_parent(parent if parent is not None else os.getppid())

    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    with reported_errors():
        settings = settings_for(data_dir, database_url)
        application = open_application(settings)
        try:
            service = ProjectionService(application, settings)
            service.start()
            previous = signal.signal(signal.SIGTERM, stop)
            typer.echo(
                f"Håller vyerna aktuella i {without_password(settings.resolved_database_url)}"
                " (Ctrl-C avslutar)."
            )
            try:
                while not stopping.wait(1.0):
                    pass
            except KeyboardInterrupt:
                pass
            finally:
                signal.signal(signal.SIGTERM, previous)
                service.stop()
        finally:
            application.close()
    typer.echo("Vyerna är sparade; projektionen avslutad.")
