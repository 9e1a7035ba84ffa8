"""What every command shares: the store options, opening the application, the actor, and
turning errors into one line on stderr with exit code 2.

Heavy modules are imported inside the functions, so ``--help`` answers at once.
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
STORE_REASONS = {"disk_full": "disken är full", "read_only": "den är skrivskyddad"}

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


def settings_for(data_dir: Path | None, database_url: str | None) -> Settings:
    """The settings from the environment, with the command's options taking precedence."""
    from problemorienterat.config import Settings

    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    return Settings(**overrides)  # type: ignore[arg-type]


def open_application(settings: Settings, *, create_tables: bool = True) -> ProblemorienteratApp:
    """The application on the store ``settings`` name; the caller closes it. Without
    ``create_tables`` nothing is written on opening (a command that only reads, which may
    be given a read-only copy)."""
    from problemorienterat.composition import open_application as opened

    if create_tables:
        return opened(settings)
    from problemorienterat.application import ProblemorienteratApp

    return ProblemorienteratApp.from_settings(settings, CREATE_TABLE="false")


@contextmanager
def application_at(
    data_dir: Path | None, database_url: str | None, *, create_tables: bool = True
) -> Iterator[ProblemorienteratApp]:
    """The application on the store the options (or the environment) name, closed after."""
    application = open_application(
        settings_for(data_dir, database_url), create_tables=create_tables
    )
    try:
        yield application
    finally:
        application.close()


def cli_actor() -> Actor:
    """Whoever runs the command line administers the installation."""
    from problemorienterat.domain.actor import Actor, Organisation, Role

    return Actor(
        user_id="cli", name="Kommandoraden", organisation=Organisation.ANNAN, role=Role.ADMIN
    )


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn broken rules and unusable settings into one line on stderr and exit code 2."""
    from eventsourcing.persistence import PersistenceError
    from pydantic import ValidationError

    from problemorienterat.config import ConfigurationError
    from problemorienterat.domain.errors import DomainError
    from problemorienterat.infrastructure.side_tables import missing_table
    from problemorienterat.infrastructure.store_errors import store_unavailable

    try:
        yield
    except DomainError as error:
        fail(f"Fel: {error.message}")
    except ConfigurationError as error:
        fail(f"Inställningsfel: {error}")
    except ValidationError as error:
        problems = "; ".join(
            f"PROBLEMORIENTERAT_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in error.errors()
        )
        fail(f"Inställningsfel: {problems}")
    except Exception as error:
        unavailable = store_unavailable(error)
        if unavailable is not None:
            fail(
                f"Databasen kan inte skriva ({STORE_REASONS[unavailable.reason]}); "
                "frigör utrymme eller gör den skrivbar och försök igen."
            )
        if missing_table(error):
            fail(
                "Databasen saknar Problemorienterats tabeller: den är tom eller inte ett "
                "Problemorienterat-lager (verify skapar inga tabeller)."
            )
        if not isinstance(error, PersistenceError):
            raise
        first_line = (str(error).splitlines() or [type(error).__name__])[0]
        fail(f"Databasfel: {first_line}")


def fail(message: str) -> NoReturn:
    """``message`` on stderr, exit code 2."""
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_ERROR)


def without_password(url: str) -> str:
    """The database URL as it may be shown: the password replaced by ``***``."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
