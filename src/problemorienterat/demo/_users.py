"""Demo logins: a user (with a token) for three of the demo's officials, so the web
interface can be tried at once: the BRÅ coordinator, the convener of UNG-gruppen, and an
auditor. Tokens are shown once; the store keeps only their hashes, as for every user."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.demo import _people as people
from problemorienterat.domain.actor import Actor, Role

_ACTOR = Actor.system("Demodata")
_CONVENER = "Sammankallande"


@dataclass(frozen=True)
class DemoLogin:
    """A demo user and the only copy of their token."""

    name: str
    role: Role
    title: str
    user_id: str
    token: str


def add_demo_users(
    app: ProblemorienteratApp, municipality: str, youth_group: UUID
) -> list[DemoLogin]:
    """Add the three demo users. The UNG-gruppen convener becomes the group member (in
    place of the demo's placeholder member of the same name), so their login sees it."""
    logins = []
    for official in (people.BRA_COORDINATOR, people.YOUTH_WORKER, people.AUDITOR):
        role = official.actor.role
        added = app.add_user(
            _ACTOR,
            name=official.name,
            organisation=official.organisation,
            role=role,
            municipalities=[municipality],
        )
        if role is Role.MEMBER:
            app.remove_member(_ACTOR, youth_group, user_id=official.user_id)
            app.add_member(
                _ACTOR,
                youth_group,
                user_id=added.user_id,
                role_in_group=_CONVENER,
            )
        logins.append(DemoLogin(official.name, role, official.title, added.user_id, added.token))
    return logins
