"""``problemorienterat users add | revoke | set-email | link-identity | list``: who may use
the API, with which token, where their reminders go, and who they are at an identity
provider (for sign-in by subject; sign-in by e-mail uses the address of ``set-email``).

The token is printed once, when the user is added; only its hash is stored.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from problemorienterat.cli.common import (
    DatabaseUrl,
    DataDir,
    application_at,
    cli_actor,
    fail,
    reported_errors,
    settings_for,
)
from problemorienterat.domain.actor import Organisation, Role

users_cli = typer.Typer(
    help="Användare och deras API-nycklar (bearer-token).", no_args_is_help=True
)


@users_cli.command("add")
def add_user(
    name: Annotated[str, typer.Argument(help="Användarens namn (en tjänsteperson).")],
    *,
    org: Annotated[Organisation, typer.Option("--org", help="Organisation.")],
    role: Annotated[
        Role,
        typer.Option(
            "--role",
            help="member, bra, auditor eller admin. En admin utan --municipality "
            "administrerar hela installationen; med kommuner bara deras användare.",
        ),
    ],
    group: Annotated[
        list[str] | None,
        typer.Option("--group", help="Arbetsgrupp (id eller namn) som användaren blir medlem i."),
    ] = None,
    municipality: Annotated[
        list[str] | None,
        typer.Option(
            "--municipality",
            help="Kommunkod; kan upprepas. Kan utelämnas när installationen har en enda kommun.",
        ),
    ] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Lägg till en användare och skriv ut hens token (visas bara nu)."""
    if role is Role.SYSTEM:
        fail("Rollen system ges inte till användare.")
    with reported_errors(), application_at(data_dir, database_url) as application:
        codes = list(municipality or [])
        if not codes and role is not Role.ADMIN:
            known = [m.code for m in application.list_municipalities()]
            if len(known) != 1:
                fail("Ange --municipality: installationen har inte exakt en kommun.")
            codes = known
        group_ids = [_group_id(application, g, codes) for g in group or []]
        added = application.add_user(
            cli_actor(),
            name=name,
            organisation=org,
            role=role,
            municipalities=codes,
            group_ids=group_ids,
        )
    typer.echo(f"Lade till {name} ({role.value}) med id {added.user_id}.", err=True)
    typer.echo("Token (visas bara en gång):", err=True)
    typer.echo(added.token)


@users_cli.command("revoke")
def revoke_user(
    user_id: Annotated[str, typer.Argument(help="Användarens id (från users list).")],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Spärra en användares token."""
    with reported_errors(), application_at(data_dir, database_url) as application:
        application.revoke_user(cli_actor(), user_id)
    typer.echo(f"Spärrade {user_id}.")


@users_cli.command("set-email")
def set_email(
    user_id: Annotated[str, typer.Argument(help="Användarens id (från users list).")],
    email: Annotated[
        str, typer.Argument(help="E-postadress för påminnelser; tom sträng tar bort den.")
    ],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Ange vilken e-postadress en användares påminnelser skickas till."""
    with reported_errors(), application_at(data_dir, database_url) as application:
        application.set_email_address(cli_actor(), user_id, email)
    typer.echo(f"E-postadressen för {user_id} är {'sparad' if email.strip() else 'borttagen'}.")


@users_cli.command("link-identity")
def link_identity(
    user_id: Annotated[str, typer.Argument(help="Användarens id (från users list).")],
    provider: Annotated[
        str, typer.Argument(help="Inloggningstjänstens id (i PROBLEMORIENTERAT_OIDC_PROVIDERS).")
    ],
    subject: Annotated[str, typer.Argument(help="Användarens id (sub) hos inloggningstjänsten.")],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Registrera användarens id (sub) hos en inloggningstjänst: då kan hen logga in där."""
    with reported_errors():
        configured = settings_for(data_dir, database_url).oidc_provider(provider)
        if configured is None:
            fail(f"Ingen inloggningstjänst med id {provider!r} är inställd.")
        with application_at(data_dir, database_url) as application:
            application.register_identity(
                cli_actor(), user_id, issuer=configured.issuer, subject=subject
            )
    typer.echo(f"{user_id} kan nu logga in med {configured.name}.")


@users_cli.command("list")
def list_users(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Visa användare (aldrig deras token)."""
    with reported_errors(), application_at(data_dir, database_url) as application:
        users = application.list_users()
    if not users:
        typer.echo("Inga användare ännu.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("Id", "Namn", "Organisation", "Roll", "Kommuner", "E-post", "Status")
    for u in users:
        table.add_row(
            u.user_id,
            u.name,
            u.organisation.value,
            u.role.value,
            ", ".join(u.municipalities),
            _email_state(u),
            "spärrad" if u.is_revoked else "aktiv",
        )
    Console(width=200).print(table)


def _email_state(user: object) -> str:
    """Whether reminders can reach the user (never the address itself)."""
    from problemorienterat.domain.user import User

    assert isinstance(user, User)
    if user.email is None:
        return "saknas"
    if user.email.is_erased:
        return "raderad"
    return "påminnelser av" if user.digests_off else "angiven"


def _group_id(application: object, group: str, codes: list[str]) -> UUID:
    """A group given by id, or by its name in one of the user's municipalities."""
    from problemorienterat.application import ProblemorienteratApp
    from problemorienterat.domain.working_group import WorkingGroup

    assert isinstance(application, ProblemorienteratApp)
    try:
        return UUID(group)
    except ValueError:
        pass
    from eventsourcing.utils import get_topic

    topics = [get_topic(WorkingGroup.Established)]
    matches = [
        UUID(str(n.originator_id))
        for n in application.recorder.select_notifications(start=1, limit=100_000, topics=topics)
        if (g := application.get_group(UUID(str(n.originator_id)))).name == group
        and g.municipality in codes
    ]
    if len(matches) != 1:
        fail(f"Hittar inte exakt en arbetsgrupp som heter {group!r}; ange dess id.")
    return matches[0]
