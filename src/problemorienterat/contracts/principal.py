"""The authenticated user of a request, whichever entry point it came through: a bearer
token (the API) or a session (the web pages)."""

from __future__ import annotations

from dataclasses import dataclass

from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.user import User


@dataclass(frozen=True)
class Principal:
    """The authenticated user of a request; recorded as the actor of every event."""

    user_id: str
    name: str
    organisation: Organisation
    role: Role
    municipalities: frozenset[str]

    @classmethod
    def of(cls, user: User) -> Principal:
        return cls(
            user_id=user.user_id,
            name=user.name,
            organisation=user.organisation,
            role=user.role,
            municipalities=frozenset(user.municipalities),
        )

    @property
    def actor(self) -> Actor:
        return Actor(self.user_id, self.name, self.organisation, self.role)
