"""The commands on a working group: establish, members, mandate, dissolve."""

from __future__ import annotations

from problemorienterat.contracts.commands.fields import (
    Body,
    MunicipalityCode,
    Name,
    NameOrBlank,
    Text,
    UserId,
)
from problemorienterat.domain.working_group import GroupKind


class EstablishGroup(Body):
    municipality: MunicipalityCode
    name: Name
    kind: GroupKind
    mandate: Text


class AddMember(Body):
    """A user of the group's municipality in the member role, named by id alone: the member's
    name and organisation are the user's own (a ``name`` or ``organisation`` in the body is
    refused as an unknown field)."""

    user_id: UserId
    role_in_group: NameOrBlank = ""


class ReviseMandate(Body):
    mandate: Text
    reason: Text


class Dissolve(Body):
    reason: Text
