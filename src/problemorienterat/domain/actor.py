"""Who did something: recorded on every event."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(Enum):
    """What a user may do in the tracker."""

    MEMBER = "member"
    BRA = "bra"
    AUDITOR = "auditor"
    ADMIN = "admin"
    SYSTEM = "system"


class Organisation(Enum):
    """The organisation a user or a responsible party belongs to."""

    KOMMUN = "kommun"
    POLIS = "polis"
    REGION = "region"
    BOSTADSBOLAG = "bostadsbolag"
    SKOLA = "skola"
    FORENING = "forening"
    RADDNINGSTJANST = "raddningstjanst"
    NARINGSLIV = "naringsliv"
    ANNAN = "annan"


@dataclass(frozen=True)
class Actor:
    """The authenticated user on whose behalf an event was recorded.

    The name is that of an official acting in their role, not of a private person.
    """

    user_id: str
    name: str
    organisation: Organisation
    role: Role

    @classmethod
    def system(cls, name: str = "Systemet") -> Actor:
        """The actor for changes made by the installation itself (demo data, maintenance)."""
        return cls(user_id="system", name=name, organisation=Organisation.ANNAN, role=Role.SYSTEM)
