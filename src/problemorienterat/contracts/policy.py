"""Who may do what, checked per object before a use case runs.

- ``member``: reads and writes the problems (and Grannsamverkan areas) of the working
  groups they belong to, and reads those groups and the municipality's lägesbild,
  medborgarlöfte and agreements.
- ``bra``: reads everything of its municipality, writes everything there; the only role
  that establishes groups, reviews assessments and adopts lägesbild and medborgarlöfte.
- ``auditor``: reads everything of its municipalities, histories included; writes nothing.
- ``admin``: manages users and nothing else.

Objects of a municipality the user is not given are answered 404, exactly as if they did
not exist; so are problems and groups a member may not see. A role that never may do
something gets :class:`ForbiddenError` (403). Both are domain errors: each entry point
answers them its own way.
"""

from __future__ import annotations

from uuid import UUID

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from problemorienterat.domain.errors import ForbiddenError, InvalidValueError, NotFoundError
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.working_group import WorkingGroup

READERS = frozenset({Role.MEMBER, Role.BRA, Role.AUDITOR})
WRITERS = frozenset({Role.MEMBER, Role.BRA})
BRA_ONLY = frozenset({Role.BRA})
OVERSEERS = frozenset({Role.BRA, Role.AUDITOR})
ADMINS = frozenset({Role.ADMIN})


def require_role(principal: Principal, roles: frozenset[Role]) -> None:
    """Refuse a role that never may do this (whatever the object)."""
    if principal.role not in roles:
        raise ForbiddenError(f"Rollen {principal.role.value} får inte göra detta.")


def check_municipality(principal: Principal, municipality: str, what: str = "object") -> None:
    """Another municipality's objects do not exist for this user."""
    if municipality not in principal.municipalities:
        raise NotFoundError(f"No {what} with that id.")


def is_member(
    application: ProblemorienteratApp, principal: Principal, group_id: UUID | None
) -> bool:
    if group_id is None:
        return False
    try:
        return principal.user_id in application.get_group(group_id).members
    except NotFoundError:
        return False


def check_group_object(
    application: ProblemorienteratApp,
    principal: Principal,
    *,
    municipality: str,
    group_id: UUID | None,
    roles: frozenset[Role],
    what: str,
) -> None:
    """An object of a municipality that a working group is responsible for.

    ``roles`` may act on it; members only where they belong to ``group_id``; anyone
    who may not even see it gets 404.
    """
    if principal.role is Role.ADMIN:
        raise ForbiddenError("Administratörer hanterar bara användare.")
    check_municipality(principal, municipality, what)
    if principal.role is Role.MEMBER and not is_member(application, principal, group_id):
        raise NotFoundError(f"No {what} with that id.")
    require_role(principal, roles)


def check_municipal_object(
    principal: Principal, *, municipality: str, roles: frozenset[Role], what: str
) -> None:
    """An object every reader of the municipality sees (lägesbild, medborgarlöfte, ...)."""
    if principal.role is Role.ADMIN:
        raise ForbiddenError("Administratörer hanterar bara användare.")
    check_municipality(principal, municipality, what)
    require_role(principal, roles)


def readable_problem(
    application: ProblemorienteratApp,
    principal: Principal,
    reference: str,
    roles: frozenset[Role] = READERS,
    version: int | None = None,
) -> Problem:
    """The problem with that reference (as of ``version``, if given), if this user may act
    on it with ``roles``."""
    problem = application.find_problem(reference)
    check_group_object(
        application,
        principal,
        municipality=problem.municipality,
        group_id=problem.group_id,
        roles=roles,
        what="problem",
    )
    if version is not None and version != problem.version:
        return application.get_problem(problem.id, version=min(version, problem.version))
    return problem


def readable_group(
    application: ProblemorienteratApp, principal: Principal, group_id: UUID
) -> WorkingGroup:
    """The group, if this user sees it (members see only their own groups)."""
    group = application.get_group(group_id)
    check_group_object(
        application,
        principal,
        municipality=group.municipality,
        group_id=group.id,
        roles=READERS,
        what="working group",
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
    check_municipal_object(principal, municipality=municipality, roles=READERS, what="municipality")
    if principal.role is Role.MEMBER:
        if group_id is None:
            raise ForbiddenError("Medlemmar ser sin egen grupps ärenden: ange group_id.")
        check_group_object(
            application,
            principal,
            municipality=municipality,
            group_id=group_id,
            roles=READERS,
            what="working group",
        )


def check_user_role(role: Role) -> None:
    """The role an administrator may give a user: any but the system's own."""
    if role is Role.SYSTEM:
        raise InvalidValueError("The system role is not given to users.", field="role")
