"""What the administration pages share: who may use them, the municipalities and working
groups an administrator may choose, a user as the pages show them, and the secrets (a new
token, an invitation link) kept in the session until they are shown, once.

Nothing here renders; the page modules call these and hand the results to templates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.policy import is_installation_admin
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.user import User
from problemorienterat.domain.working_group import WorkingGroup
from problemorienterat.formatting import moment
from problemorienterat.labels import label
from web.auth import ADMIN_PATH

USERS_PATH = f"{ADMIN_PATH}/anvandare"
INVITATION_PATH = "/inbjudan"
_SHOWN_ONCE = "shown_once"  # the session key of a secret waiting to be shown
_PENDING_INVITATION = "pending_invitation"  # an invitation accepted at an identity provider

ROLE_CHOICES: list[tuple[str, str]] = [
    (role.value, label(role)) for role in (Role.MEMBER, Role.BRA, Role.AUDITOR, Role.ADMIN)
]
ORGANISATION_CHOICES: list[tuple[str, str]] = [(o.value, label(o)) for o in Organisation]


def require_admin(principal: Principal) -> None:
    """The administration pages do not exist for anyone but administrators."""
    if principal.role is not Role.ADMIN:
        raise NotFoundException


def user_path(user_id: str) -> str:
    return f"{USERS_PATH}/{user_id}"


@dataclass(frozen=True)
class MunicipalityOption:
    code: str
    name: str


@dataclass(frozen=True)
class GroupOption:
    group_id: str
    name: str
    municipality: str
    municipality_name: str


@dataclass(frozen=True)
class UserRow:
    """A user as the list and the user's page show them."""

    user_id: str
    name: str
    organisation: str
    role: str
    role_value: str
    municipality_codes: tuple[str, ...]
    municipalities: tuple[str, ...]
    groups: tuple[GroupOption, ...]
    revoked: bool
    revoked_at: str | None
    last_sign_in: str | None
    email: str | None
    version: int

    @property
    def path(self) -> str:
        return user_path(self.user_id)


def municipality_options(
    application: ProblemorienteratApp, principal: Principal
) -> list[MunicipalityOption]:
    """The municipalities this administrator may give users: every registered one for an
    installation-wide administrator, else their own."""
    registered = application.list_municipalities()
    return [
        MunicipalityOption(m.code, m.name)
        for m in sorted(registered, key=lambda m: (m.name, m.code))
        if is_installation_admin(principal) or m.code in principal.municipalities
    ]


def group_options(
    groups: list[WorkingGroup], names: dict[str, str], municipalities: set[str]
) -> list[GroupOption]:
    """The active groups of ``municipalities``, by municipality and name."""
    found = [
        GroupOption(str(g.id), g.name, g.municipality, names.get(g.municipality, g.municipality))
        for g in groups
        if g.municipality in municipalities
    ]
    return sorted(found, key=lambda o: (o.municipality_name, o.name))


def active_groups_in(
    application: ProblemorienteratApp, municipalities: Iterable[str]
) -> list[WorkingGroup]:
    """The active groups of ``municipalities`` (each one's lookup), for a form's choices."""
    return [
        g for code in sorted(set(municipalities)) for g in application.groups_in(code)
        if not g.is_dissolved
    ]  # fmt: skip


def groups_of_users(application: ProblemorienteratApp, users: Iterable[User]) -> list[WorkingGroup]:
    """The active groups any of ``users`` is a member of (each user's lookup), for
    :func:`user_row`."""
    found = {g.id: g for u in users for g in application.groups_of(u.user_id)}
    return list(found.values())


def user_row(user: User, groups: list[WorkingGroup], names: dict[str, str]) -> UserRow:
    """``user`` for the pages; ``groups``: active groups, at least the user's (their
    memberships are read)."""
    return UserRow(
        user_id=user.user_id,
        name=user.name,
        organisation=label(user.organisation),
        role=label(user.role),
        role_value=user.role.value,
        municipality_codes=tuple(user.municipalities),
        municipalities=tuple(names.get(code, code) for code in user.municipalities),
        groups=tuple(
            GroupOption(str(g.id), g.name, g.municipality, names.get(g.municipality, ""))
            for g in groups
            if user.user_id in g.members
        ),
        revoked=user.is_revoked,
        revoked_at=moment(user.revoked_at).text if user.revoked_at else None,
        last_sign_in=moment(user.last_sign_in).text if user.last_sign_in else None,
        email=user.email.shown() if user.email is not None else None,
        version=user.version,
    )


def municipality_names(application: ProblemorienteratApp) -> dict[str, str]:
    return {m.code: m.name for m in application.list_municipalities()}


def invitation_url(request: Request[Any, Any, Any], secret: str) -> str:
    """The address of an invitation link on this server."""
    settings = request.app.state.get("settings")
    configured = getattr(settings, "base_url", None)
    base = str(configured) if configured else str(request.base_url).rstrip("/")
    return f"{base}{INVITATION_PATH}/{secret}"


def keep_to_show_once(request: Request[Any, Any, Any], user_id: str, **secrets: str) -> None:
    """Keep ``secrets`` (a new token, an invitation's secret) in the encrypted session
    cookie until the page of ``user_id`` shows them: never in a URL or a log."""
    session = request.scope.get("session")
    if isinstance(session, dict):
        session[_SHOWN_ONCE] = {"user_id": user_id, **secrets}


def take_shown_once(request: Request[Any, Any, Any], user_id: str) -> dict[str, str]:
    """The secrets waiting to be shown on the page of ``user_id`` (then gone)."""
    session = request.scope.get("session")
    if not isinstance(session, dict):
        return {}
    kept = session.pop(_SHOWN_ONCE, None)
    if not isinstance(kept, dict) or kept.get("user_id") != user_id:
        return {}
    return {k: v for k, v in kept.items() if k != "user_id" and isinstance(v, str)}


def keep_pending_invitation(connection: ASGIConnection[Any, Any, Any, Any], secret: str) -> None:
    """The invitation the browser is off to accept by signing in at an identity provider
    (in the encrypted session cookie until the provider's answer comes back)."""
    session = connection.scope.get("session")
    if isinstance(session, dict):
        session[_PENDING_INVITATION] = secret


def take_pending_invitation(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The invitation being accepted through an identity provider, if any (then gone)."""
    session = connection.scope.get("session")
    if not isinstance(session, dict):
        return None
    secret = session.pop(_PENDING_INVITATION, None)
    return secret if isinstance(secret, str) and secret else None
