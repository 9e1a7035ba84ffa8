"""Who may do what, checked per object before a use case runs.

- ``member``: reads and writes the problems (and Grannsamverkan areas) of the working
  groups they belong to, and reads those groups and the municipality's lägesbild,
  medborgarlöfte and agreements.
- ``bra``: reads everything of its municipality, writes everything there; the only role
  that establishes groups, reviews assessments and adopts lägesbild and medborgarlöfte.
- ``auditor``: reads everything of its municipalities, histories included; writes nothing.
- ``admin``: manages users and nothing else.

Objects of a municipality the user is not given are answered 404, exactly as if they did
not exist; so are problems and groups a member may not see.
"""

from __future__ import annotations

from uuid import UUID

from litestar.exceptions import PermissionDeniedException

from api.auth import Principal
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Role
from problemorienterat.domain.errors import NotFoundError

READERS = frozenset({Role.MEMBER, Role.BRA, Role.AUDITOR})
WRITERS = frozenset({Role.MEMBER, Role.BRA})
BRA_ONLY = frozenset({Role.BRA})
OVERSEERS = frozenset({Role.BRA, Role.AUDITOR})


def require_role(principal: Principal, roles: frozenset[Role]) -> None:
    """Refuse a role that never may do this (whatever the object)."""
    if principal.role not in roles:
        raise PermissionDeniedException(
            f"Rollen {principal.role.value} får inte göra detta."
        )


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
        raise PermissionDeniedException("Administratörer hanterar bara användare.")
    check_municipality(principal, municipality, what)
    if principal.role is Role.MEMBER and not is_member(application, principal, group_id):
        raise NotFoundError(f"No {what} with that id.")
    require_role(principal, roles)


def check_municipal_object(
    principal: Principal, *, municipality: str, roles: frozenset[Role], what: str
) -> None:
    """An object every reader of the municipality sees (lägesbild, medborgarlöfte, ...)."""
    if principal.role is Role.ADMIN:
        raise PermissionDeniedException("Administratörer hanterar bara användare.")
    check_municipality(principal, municipality, what)
    require_role(principal, roles)
