"""The command line: ``problemorienterat serve | demo | municipalities | version``.

Every command works on the store the settings name: ``--data-dir`` and ``--database-url``
override ``PROBLEMORIENTERAT_DATA_DIR`` and ``PROBLEMORIENTERAT_DATABASE_URL``. Broken rules
and unusable settings end with a one-line message on stderr and exit code 2. Heavy modules
are imported inside the commands, so ``--help`` answers at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from problemorienterat.application import ProblemorienteratApp
    from problemorienterat.config import Settings
    from problemorienterat.domain.actor import Actor

EXIT_REFUSED = 1
EXIT_ERROR = 2

cli = typer.Typer(
    name="problemorienterat",
    help="Problemorienterat: ärendestöd för problemorienterat brottsförebyggande arbete (SARA).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold database passwords
)
municipalities_cli = typer.Typer(
    help="Kommuner som installationen arbetar för.", no_args_is_help=True
)
cli.add_typer(municipalities_cli, name="municipalities")

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Katalog för databasen (standard: PROBLEMORIENTERAT_DATA_DIR, "
        "annars användarens datakatalog).",
        file_okay=False,
        show_default=False,
    ),
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="sqlite:///fil.db eller postgresql://användare:lösenord@värd/databas "
        "(standard: PROBLEMORIENTERAT_DATABASE_URL, annars en SQLite-fil i datakatalogen).",
        show_default=False,
    ),
]


def main() -> None:
    """Entry point of the ``problemorienterat`` console script."""
    cli()


# ---------------------------------------------------------------------------- commands


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Adress att lyssna på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port att lyssna på.")] = 8000,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo/--no-demo",
            help="Lägg in demokommunen Kungsör först, om databasen ännu saknar kommuner.",
        ),
    ] = False,
    *,
    workers: Annotated[
        int, typer.Option(help="Antal API-processer (fler än en kräver PostgreSQL).")
    ] = 1,
) -> None:
    """Starta webbtjänsten (API och dokumentation på /schema)."""
    with _reported_errors():
        settings = _settings(data_dir, database_url)
        if workers != 1:
            from api.workers import serve_workers

            serve_workers(settings, host=host, port=port, workers=workers)
            return
        application = _open(settings)
        if demo and _store_is_empty(application):
            _load_demo(application)
        # The one place the core package reaches into the API: to serve it.
        from api.app import create_app

        web_app = create_app(settings, application=application)
    import uvicorn

    from api.memory import settle_after_start_up

    settle_after_start_up()

    typer.echo(f"Databas: {_without_password(settings.resolved_database_url)}")
    typer.echo(f"Problemorienterat svarar på http://{host}:{port}/ (API-dokumentation: /schema)")
    try:
        uvicorn.run(web_app, host=host, port=port, access_log=False, log_config=None)
    finally:
        application.close()


@cli.command()
def demo(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Lägg in demokommunen Kungsör: arbetsgrupper, lägesbild, medborgarlöfte och problem."""
    from problemorienterat.demo import DEMO_MUNICIPALITY, demo_is_loaded

    with _reported_errors(), _application(data_dir, database_url) as application:
        if demo_is_loaded(application):
            typer.echo(
                f"Demodata för {DEMO_MUNICIPALITY.name} ({DEMO_MUNICIPALITY.code}) finns redan "
                "i databasen; inget har ändrats.",
                err=True,
            )
            raise typer.Exit(EXIT_REFUSED)
        _load_demo(application)


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
    with _reported_errors(), _application(data_dir, database_url) as application:
        application.register_municipality(
            _cli_actor(), code=code, name=name, reference_prefix=prefix, police_area=police_area
        )
        municipality = application.get_municipality(code)
        typer.echo(
            f"Registrerade {municipality.name} ({municipality.code}) med referensprefix "
            f"{municipality.reference_prefix}."
        )


@municipalities_cli.command("list")
def list_municipalities(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Visa registrerade kommuner."""
    with _reported_errors(), _application(data_dir, database_url) as application:
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


@cli.command()
def version(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Visa version, datakatalog och databas."""
    from problemorienterat import __version__

    typer.echo(f"problemorienterat {__version__}")
    with _reported_errors():
        settings = _settings(data_dir, database_url)
        typer.echo(f"Datakatalog: {settings.data_dir}")
        typer.echo(f"Databas:     {_without_password(settings.resolved_database_url)}")


# ---------------------------------------------------------------------------- helpers


def _settings(data_dir: Path | None, database_url: str | None) -> Settings:
    """The settings from the environment, with the command's options taking precedence."""
    from problemorienterat.config import Settings

    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    return Settings(**overrides)  # type: ignore[arg-type]


def _open(settings: Settings) -> ProblemorienteratApp:
    from problemorienterat.application import ProblemorienteratApp

    return ProblemorienteratApp.from_settings(settings)


@contextmanager
def _application(data_dir: Path | None, database_url: str | None) -> Iterator[ProblemorienteratApp]:
    application = _open(_settings(data_dir, database_url))
    try:
        yield application
    finally:
        application.close()


def _store_is_empty(application: ProblemorienteratApp) -> bool:
    """True before the first municipality: everything else in the store belongs to one."""
    return application.recorder.max_notification_id() is None


def _load_demo(application: ProblemorienteratApp) -> None:
    from rich.console import Console

    from problemorienterat.demo import add_demo_users, load_demo

    with Console(stderr=True).status("Lägger in demodata för Kungsör …"):
        loaded = load_demo(application)
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


def _cli_actor() -> Actor:
    """Whoever runs the command line administers the installation."""
    from problemorienterat.domain.actor import Actor, Organisation, Role

    return Actor(
        user_id="cli", name="Kommandoraden", organisation=Organisation.ANNAN, role=Role.ADMIN
    )


@contextmanager
def _reported_errors() -> Iterator[None]:
    """Turn broken rules and unusable settings into one line on stderr and exit code 2."""
    from eventsourcing.persistence import PersistenceError
    from pydantic import ValidationError

    from problemorienterat.config import ConfigurationError
    from problemorienterat.domain.errors import DomainError

    try:
        yield
    except DomainError as error:
        _fail(f"Fel: {error.message}")
    except ConfigurationError as error:
        _fail(f"Inställningsfel: {error}")
    except ValidationError as error:
        problems = "; ".join(
            f"PROBLEMORIENTERAT_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in error.errors()
        )
        _fail(f"Inställningsfel: {problems}")
    except PersistenceError as error:
        first_line = (str(error).splitlines() or [type(error).__name__])[0]
        _fail(f"Databasfel: {first_line}")


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_ERROR)


def _without_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


# Commands kept in modules of their own register themselves on ``cli`` when imported.
from problemorienterat import (  # noqa: E402
    cli_audit,  # noqa: F401
    cli_privacy,  # noqa: F401
    cli_projections,  # noqa: F401
    cli_users,  # noqa: F401
)

if __name__ == "__main__":
    # Run as ``python -m problemorienterat.cli``: this file is then ``__main__``, but the
    # command modules registered themselves on ``problemorienterat.cli``; run that one.
    from problemorienterat.cli import main as registered_main

    registered_main()
