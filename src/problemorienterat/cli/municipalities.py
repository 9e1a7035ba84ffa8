"""``problemorienterat municipalities add | list``: the municipalities the installation serves."""

from __future__ import annotations

from typing import Annotated

import typer

from problemorienterat.cli.common import (
    DatabaseUrl,
    DataDir,
    application_at,
    cli_actor,
    reported_errors,
)

municipalities_cli = typer.Typer(
    help="Kommuner som installationen arbetar för.", no_args_is_help=True
)


@municipalities_cli.command("add")
def add_municipality(
    code: Annotated[str, typer.Argument(help="Kommunkod, fyra siffror (t.ex. 1882).")],
    *,
    name: Annotated[str, typer.Option("--name", help="Kommunens namn.")],
    prefix: Annotated[
        str, typer.Option("--prefix", help="Prefix för problemens referenser (t.ex. KUN).")
    ],
    police_area: Annotated[
        str, typer.Option("--police-area", help="Lokalpolisområde (t.ex. Västra Mälardalen).")
    ] = "",
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Registrera en kommun."""
    with reported_errors(), application_at(data_dir, database_url) as application:
        application.register_municipality(
            cli_actor(), code=code, name=name, reference_prefix=prefix, police_area=police_area
        )
        municipality = application.get_municipality(code)
        typer.echo(
            f"Registrerade {municipality.name} ({municipality.code}) med referensprefix "
            f"{municipality.reference_prefix}."
        )


@municipalities_cli.command("list")
def list_municipalities(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Visa registrerade kommuner."""
    with reported_errors(), application_at(data_dir, database_url) as application:
        municipalities = application.list_municipalities()
    if not municipalities:
        typer.echo("Inga kommuner är registrerade ännu.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("Kod", "Namn", "Prefix", "Lokalpolisområde")
    for m in municipalities:
        table.add_row(m.code, m.name, m.reference_prefix, m.police_area or "–")
    Console().print(table)
