"""``problemorienterat demo``: the demo municipality Kungsör with groups, users and problems."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from problemorienterat.cli.common import (
    EXIT_REFUSED,
    DatabaseUrl,
    DataDir,
    open_application,
    reported_errors,
    settings_for,
)

if TYPE_CHECKING:
    from problemorienterat.application import ProblemorienteratApp
    from problemorienterat.demo import DemoLogin

TOKENS_FILE = "demo-tokens.txt"


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

    with reported_errors():
        settings = settings_for(data_dir, database_url)
        application = open_application(settings)
        try:
            if demo_is_loaded(application):
                typer.echo(
                    f"Demodata för {DEMO_MUNICIPALITY.name} ({DEMO_MUNICIPALITY.code}) finns "
                    "redan i databasen; inget har ändrats.",
                    err=True,
                )
                raise typer.Exit(EXIT_REFUSED)
            load_demo(application, settings.data_dir, year=year)
        finally:
            application.close()


def store_is_empty(application: ProblemorienteratApp) -> bool:
    """True before the first municipality: everything else in the store belongs to one."""
    return application.recorder.max_notification_id() is None


def load_demo(
    application: ProblemorienteratApp, data_dir: Path, *, year: int | None = None
) -> None:
    """Load the demo (its story told for ``year``, default this year) and hand out its users'
    tokens (shown only now): see :func:`hand_out_tokens`."""
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
    hand_out_tokens(logins, data_dir)


def on_terminal() -> bool:
    """Whether standard output is a terminal (someone reads it) rather than a log."""
    return sys.stdout.isatty()


def hand_out_tokens(logins: list[DemoLogin], data_dir: Path) -> None:
    """The demo users' tokens on a terminal; otherwise (a service whose output is logged) in
    ``demo-tokens.txt`` in the data directory, readable by its owner only, and one line
    saying where."""
    lines = [
        f"  {login.name} ({login.title}, roll {login.role.value}): {login.token}"
        for login in logins
    ]
    heading = (
        "Demotokens för webbgränssnittet (/logga-in). De gäller bara demoanvändarna och "
        "visas bara nu:"
    )
    if on_terminal():
        typer.echo(heading)
        for line in lines:
            typer.echo(line)
        return
    path = data_dir / TOKENS_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # a file left by an earlier demo: made anew with mode 0600
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write("\n".join([heading, *lines]) + "\n")
    typer.echo(
        f"Demotokens för webbgränssnittet (/logga-in) finns i {path} (bara ägaren kan läsa filen)."
    )
