"""``problemorienterat demo``: the demo municipality Kungsör with groups, users and problems."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from problemorienterat.cli.common import (
    EXIT_REFUSED,
    DatabaseUrl,
    DataDir,
    application_at,
    reported_errors,
)

if TYPE_CHECKING:
    from problemorienterat.application import ProblemorienteratApp


Year = Annotated[
    int | None,
    typer.Option(
        min=2000,
        max=2100,
        help="Året som demons berättelse gäller (standard: i år). Ett tidigare år lägger hela "
        "berättelsen i det förflutna, så att dess försenade åtgärder är försenade vilket datum "
        "det än är.",
    ),
]


def demo(data_dir: DataDir = None, database_url: DatabaseUrl = None, year: Year = None) -> None:
    """Lägg in demokommunen Kungsör: arbetsgrupper, lägesbild, medborgarlöfte och problem."""
    from problemorienterat.demo import DEMO_MUNICIPALITY, demo_is_loaded

    with reported_errors(), application_at(data_dir, database_url) as application:
        if demo_is_loaded(application):
            typer.echo(
                f"Demodata för {DEMO_MUNICIPALITY.name} ({DEMO_MUNICIPALITY.code}) finns redan "
                "i databasen; inget har ändrats.",
                err=True,
            )
            raise typer.Exit(EXIT_REFUSED)
        load_demo(application, year=year)


def store_is_empty(application: ProblemorienteratApp) -> bool:
    """True before the first municipality: everything else in the store belongs to one."""
    return application.recorder.max_notification_id() is None


def load_demo(application: ProblemorienteratApp, *, year: int | None = None) -> None:
    """Load the demo (its story told for ``year``, default this year) and print its users'
    tokens (shown only now)."""
    from rich.console import Console

    from problemorienterat.demo import add_demo_users
    from problemorienterat.demo import load_demo as load

    with Console(stderr=True).status("Lägger in demodata för Kungsör …"):
        loaded = load(application, year=year)
        logins = add_demo_users(application, loaded.municipality, loaded.groups["UNG-gruppen"])
    typer.echo(
        f"Demodata inlagd: {loaded.municipality_name} ({loaded.municipality}) med "
        f"{len(loaded.problems)} problem, {len(loaded.groups)} arbetsgrupper, lägesbild "
        f"och medborgarlöfte {loaded.year}."
    )
    typer.echo(
        "Demotokens för webbgränssnittet (/logga-in). De gäller bara demoanvändarna och "
        "visas bara nu:"
    )
    for login in logins:
        typer.echo(f"  {login.name} ({login.title}, roll {login.role.value}): {login.token}")
