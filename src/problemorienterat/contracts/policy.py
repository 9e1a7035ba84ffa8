"""Who may do what, checked per object before a use case runs.

- ``member``: reads and writes the problems (and Grannsamverkan areas) of the working
  groups they belong to, and reads those groups and the municipality's lägesbild,
  medborgarlöfte and agreements. Membership of a **dissolved** group gives nothing: its
  former members neither write nor read its problems, areas or board any more (the group's
  mandate has ended, and its problems may hold sensitive data about young people); lokala
  BRÅ and auditors keep reading all of it, and lokala BRÅ may hand its problems to another
  group (see :func:`is_member` and docs/security.md).
- ``bra``: reads everything of its municipality, writes everything there; the only role
  that establishes groups, reviews assessments and adopts lägesbild and medborgarlöfte.
- ``auditor``: reads everything of its municipalities, histories included; writes nothing.
- ``admin``: manages the users of the municipalities they are given, and nothing else.
  Installation-wide administration (every user, registering a municipality) belongs to an
  administrator given no municipality, whom only the command line makes (see
  :func:`is_installation_admin` and docs/security.md).

Objects of a municipality the user is not given are answered exactly as objects that do not
exist: one :func:`hidden` error, the same words and no field, whatever the route; so are
problems and groups a member may not see. A role that never may do something gets
:class:`ForbiddenError` (403) before any object is looked up, so that answer says nothing
about the object either. Both are domain errors: each entry point answers them its own way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar
from uuid import UUID

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from problemorienterat.domain.base import MunicipalAggregate
from problemorienterat.domain.errors import ForbiddenError, InvalidValueError, NotFoundError
from problemorienterat.domain.grannsamverkan import GrannsamverkanArea
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.user import User
from problemorienterat.domain.working_group import WorkingGroup

READERS = frozenset({Role.MEMBER, Role.BRA, Role.AUDITOR})
WRITERS = frozenset({Role.MEMBER, Role.BRA})
BRA_ONLY = frozenset({Role.BRA})
OVERSEERS = frozenset({Role.BRA, Role.AUDITOR})
ADMINS = frozenset({Role.ADMIN})

T = TypeVar("T")
M = TypeVar("M", bound=MunicipalAggregate)

# The one answer for an object that does not exist and for one this user may not see.
HIDDEN = "Not found, or not yours to see."


def hidden() -> NotFoundError:
    """The error for a missing object and for another municipality's (or group's): the same
    words, no field, so that neither tells which it was."""
    return NotFoundError(HIDDEN)


def visible(load: Callable[[], T]) -> T:
    """What ``load`` finds; a missing object is answered as :func:`hidden`."""
    try:
        return load()
    except NotFoundError:
        raise hidden() from None


def require_role(principal: Principal, roles: frozenset[Role]) -> None:
    """Refuse a role that never may do this (whatever the object)."""
    if principal.role not in roles:
        raise ForbiddenError(f"Rollen {principal.role.value} får inte göra detta.")


def refuse_admin(principal: Principal) -> None:
    """Administrators manage users only: refused before any object is looked up."""
    if principal.role is Role.ADMIN:
        raise ForbiddenError("Administratörer hanterar bara användare.")


def check_municipality(principal: Principal, municipality: str) -> None:
    """Another municipality's objects do not exist for this user."""
    if municipality not in principal.municipalities:
        raise hidden()


def is_member(
    application: ProblemorienteratApp, principal: Principal, group_id: UUID | None
) -> bool:
    """Whether the user is a member of the group ``group_id`` that is not dissolved: a
    dissolved group's former members are members of nothing (no write, no read)."""
    if group_id is None:
        return False
    try:
        return application.get_group(group_id).has_active_member(principal.user_id)
    except NotFoundError:
        return False


def check_group_object(
    application: ProblemorienteratApp,
    principal: Principal,
    *,
    municipality: str,
    group_id: UUID | None,
    roles: frozenset[Role],
) -> None:
    """An object of a municipality that a working group is responsible for.

    ``roles`` may act on it; members only where they belong to ``group_id``; anyone
    who may not even see it gets :func:`hidden`.
    """
    refuse_admin(principal)
    check_municipality(principal, municipality)
    if principal.role is Role.MEMBER and not is_member(application, principal, group_id):
        raise hidden()
    require_role(principal, roles)


def check_municipal_object(
    principal: Principal, *, municipality: str, roles: frozenset[Role]
) -> None:
    """An object every reader of the municipality sees (lägesbild, medborgarlöfte, ...)."""
    refuse_admin(principal)
    check_municipality(principal, municipality)
    require_role(principal, roles)


def municipal_object(principal: Principal, load: Callable[[], M], roles: frozenset[Role]) -> M:
    """What ``load`` finds, if this user may act on it with ``roles`` (as
    :func:`check_municipal_object`); missing and hidden are one answer."""
    refuse_admin(principal)
    found = visible(load)
    check_municipal_object(principal, municipality=found.municipality, roles=roles)
    return found


def group_object(
    application: ProblemorienteratApp,
    principal: Principal,
    load: Callable[[], M],
    roles: frozenset[Role],
) -> M:
    """What ``load`` finds (an object a working group is responsible for), if this user may
    act on it with ``roles`` (as :func:`check_group_object`)."""
    refuse_admin(principal)
    found = visible(load)
    check_group_object(
        application,
        principal,
        municipality=found.municipality,
        group_id=getattr(found, "group_id", None),
        roles=roles,
    )
    return found


def readable_problem(
    application: ProblemorienteratApp,
    principal: Principal,
    reference: str,
    roles: frozenset[Role] = READERS,
    version: int | None = None,
) -> Problem:
    """The problem with that reference (as of ``version``, if given), if this user may act
    on it with ``roles``."""
    problem = group_object(
        application, principal, lambda: application.find_problem(reference), roles
    )
    if version is not None and version != problem.version:
        return application.get_problem(problem.id, version=min(version, problem.version))
    return problem


def readable_group(
    application: ProblemorienteratApp, principal: Principal, group_id: UUID
) -> WorkingGroup:
    """The group, if this user sees it (members see only their own groups)."""
    refuse_admin(principal)
    group = visible(lambda: application.get_group(group_id))
    check_group_object(
        application, principal, municipality=group.municipality, group_id=group.id, roles=READERS
    )
    return group


def readable_group_ids(
    application: ProblemorienteratApp, principal: Principal, municipality: str
) -> list[UUID] | None:
    """The working groups of ``municipality`` whose problems this user reads: None (every
    group) for lokala BRÅ and auditors; for a member, the groups they belong to."""
    if principal.role is not Role.MEMBER:
        return None
    return [
        group.id
        for group in application.groups_of(principal.user_id)
        if group.municipality == municipality
    ]


def listed_groups(
    application: ProblemorienteratApp, principal: Principal, municipality: str
) -> list[WorkingGroup]:
    """The working groups of ``municipality`` this user sees: every one (dissolved ones
    too) for lokala BRÅ and auditors; for a member, the active groups they belong to."""
    check_municipal_object(principal, municipality=municipality, roles=READERS)
    if principal.role is Role.MEMBER:
        return [
            g for g in application.groups_of(principal.user_id) if g.municipality == municipality
        ]
    return application.groups_in(municipality)


def readable_areas(
    application: ProblemorienteratApp, principal: Principal, municipality: str
) -> list[GrannsamverkanArea]:
    """The municipality's Grannsamverkan areas this user reads: every one for lokala BRÅ and
    auditors; a member only those of their own working groups (as each area's own page)."""
    check_municipal_object(principal, municipality=municipality, roles=READERS)
    areas = application.grannsamverkan_areas_of(municipality)
    groups = readable_group_ids(application, principal, municipality)
    if groups is None:
        return areas
    return [a for a in areas if a.group_id is not None and a.group_id in groups]


def reads_every_group_of(principal: Principal) -> str | None:
    """The municipality whose every working group this user reads, if there is exactly one:
    lokala BRÅ and auditors given a single municipality."""
    if principal.role in OVERSEERS and len(principal.municipalities) == 1:
        (municipality,) = principal.municipalities
        return municipality
    return None


def check_own_group(
    application: ProblemorienteratApp,
    principal: Principal,
    group_id: UUID | None,
    message: str = "Choose one of your own working groups.",
) -> None:
    """A member puts what they create or assign in one of their own groups (422 on
    ``group_id`` otherwise); other roles may name any group."""
    if principal.role is Role.MEMBER and not is_member(application, principal, group_id):
        raise InvalidValueError(message, field="group_id")


def check_problem_index(
    application: ProblemorienteratApp,
    principal: Principal,
    *,
    municipality: str,
    group_id: UUID | None,
) -> None:
    """Who may list a municipality's problems: its readers; members only a group's
    problems, and only their own group's."""
    check_municipal_object(principal, municipality=municipality, roles=READERS)
    if principal.role is Role.MEMBER:
        if group_id is None:
            raise ForbiddenError("Medlemmar ser sin egen grupps ärenden: ange group_id.")
        check_group_object(
            application, principal, municipality=municipality, group_id=group_id, roles=READERS
        )


def is_installation_admin(principal: Principal) -> bool:
    """An administrator given no municipality administers the whole installation: every
    user, and registering municipalities. Only the command line makes one (``users add
    --role admin`` without ``--municipality``); an administrator given municipalities
    manages the users of those municipalities alone."""
    return principal.role is Role.ADMIN and not principal.municipalities


def administers(principal: Principal, user: User) -> bool:
    """Whether this administrator manages ``user``: every user for an installation-wide
    administrator; else users given municipalities, all of them the administrator's."""
    if is_installation_admin(principal):
        return True
    return bool(user.municipalities) and set(user.municipalities) <= principal.municipalities


def administered_users(application: ProblemorienteratApp, principal: Principal) -> list[User]:
    """The users this administrator manages, by name: every user for an installation-wide
    administrator; else the users of their municipalities (through each municipality's
    lookup, not by reading every user) that have no other municipality."""
    require_role(principal, ADMINS)
    if is_installation_admin(principal):
        return application.list_users()
    found = {u.user_id: u for m in principal.municipalities for u in application.users_in(m)}
    users = [u for u in found.values() if administers(principal, u)]
    return sorted(users, key=lambda u: (u.name, u.user_id))


def administered_user(
    application: ProblemorienteratApp, principal: Principal, user_id: str
) -> User:
    """The user with that id, if this administrator manages them; another municipality's
    user is answered exactly as one that does not exist."""
    require_role(principal, ADMINS)
    user = visible(lambda: application.get_user(user_id))
    if not administers(principal, user):
        raise hidden()
    return user


def check_new_user(principal: Principal, municipalities: Iterable[str]) -> None:
    """An administrator given municipalities adds users of those municipalities only (422
    on ``municipalities``, the same for another municipality's code and an unknown one)."""
    require_role(principal, ADMINS)
    if is_installation_admin(principal):
        return
    codes = set(municipalities)
    if not codes or not codes <= principal.municipalities:
        raise InvalidValueError(
            "Name one or more of the municipalities you administer.", field="municipalities"
        )


def check_installation_admin(principal: Principal) -> None:
    """Registering a municipality is installation-wide administration."""
    if not is_installation_admin(principal):
        raise ForbiddenError("Kommuner registreras av en administratör för hela installationen.")


def check_user_role(role: Role, municipalities: Iterable[str] | None = None) -> None:
    """The role an administrator may give a user: any but the system's own; and (with the
    ``municipalities`` given too) an administrator only with a municipality, since only the
    command line makes an installation-wide one (422 on ``municipalities``)."""
    if role is Role.SYSTEM:
        raise InvalidValueError("The system role is not given to users.", field="role")
    if municipalities is not None and role is Role.ADMIN and not list(municipalities):
        raise InvalidValueError(
            "An administrator given no municipality is made at the command line only.",
            field="municipalities",
        )
